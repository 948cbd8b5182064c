package org.nymote.server.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.users.UserName;

/** {@link Tokens}: made, found, listed and revoked, kept as hashes, seen across instances. */
class TokensTest {
  private static final UserName ALICE = new UserName("alice");
  private static final UserName BOB = new UserName("bob");

  @TempDir
  Path temp;

  @Test
  void aTokenAuthenticatesItsUserAndOnlyItsHashIsKept() throws Exception {
    Path file = temp.resolve("tokens");
    var tokens = new Tokens(file);

    String token = tokens.create(ALICE, Optional.empty());

    assertThat(token).startsWith("nyt_").hasSize(47);
    assertThat(tokens.authenticate(token)).contains(ALICE);
    assertThat(tokens.authenticate(token + "x")).isEmpty();
    assertThat(Files.readString(file)).doesNotContain(token).contains(ApiToken.hash(token));
  }

  @Test
  void labelsDefaultToTheFirstFreeNumberAndAreUniquePerUser() throws Exception {
    var tokens = new Tokens(temp.resolve("tokens"));
    tokens.create(ALICE, Optional.empty());
    tokens.create(ALICE, Optional.of("phone"));
    tokens.create(ALICE, Optional.empty());
    tokens.create(BOB, Optional.of("phone"));

    assertThat(tokens.list(ALICE))
        .extracting(Tokens.TokenInfo::label)
        .containsExactly("token-1", "phone", "token-2");
    assertThatThrownBy(() -> tokens.create(ALICE, Optional.of("phone")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a token labelled 'phone'");
    assertThatThrownBy(() -> tokens.create(ALICE, Optional.of("no spaces")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid label");
  }

  @Test
  void aTokenRevokedThroughAnotherInstanceIsRefusedAtOnce() throws Exception {
    Path file = temp.resolve("tokens");
    var server = new Tokens(file);
    var command = new Tokens(file);
    String token = command.create(ALICE, Optional.of("laptop"));
    String other = command.create(BOB, Optional.of("laptop"));
    assertThat(server.authenticate(token)).contains(ALICE);

    assertThat(command.revoke(ALICE, "laptop")).isTrue();

    assertThat(server.authenticate(token)).isEmpty();
    assertThat(server.authenticate(other)).contains(BOB);
    assertThat(command.revoke(ALICE, "laptop")).isFalse();
  }

  @Test
  void noFileMeansNoTokens() throws Exception {
    var tokens = new Tokens(temp.resolve("missing"));

    assertThat(tokens.authenticate(ApiToken.generate())).isEmpty();
    assertThat(tokens.list(ALICE)).isEmpty();
  }
}
