package org.nymote.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesTheHashedPasswordOnly() {
    PasswordHash hash = PasswordHash.of(PASSWORD);

    assertThat(hash.matches(PASSWORD)).isTrue();
    assertThat(hash.matches("correct horsf".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(hash.matches(new byte[0])).isFalse();
  }

  @Test
  void isAnArgon2idPhcStringThatReadsBack() {
    String encoded = PasswordHash.of(PASSWORD).encode();

    assertThat(encoded)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(PasswordHash.parse(encoded).matches(PASSWORD)).isTrue();
    assertThat(PasswordHash.parse(encoded).encode()).isEqualTo(encoded);
  }

  @Test
  void eachHashHasItsOwnSalt() {
    assertThat(PasswordHash.of(PASSWORD).encode())
        .isNotEqualTo(PasswordHash.of(PASSWORD).encode());
  }

  @Test
  void readsAHashMadeByTheReferenceImplementation() {
    // Made once with the reference CLI (Debian argon2): echo -n password | argon2 somesalt -id -m
    // 12 -t 3 -p 1 -l 32 -e
    PasswordHash reference = PasswordHash.parse(
        "$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU");

    assertThat(reference.matches("password".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void refusesOtherAlgorithmsAndParametersOutOfBounds() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordHash.parse("$argon2i$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$AAAA"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PasswordHash.parse(
            "$argon2id$v=19$m=99999999,t=3,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA"));
    assertThatIllegalArgumentException().isThrownBy(() -> PasswordHash.parse("plain"));
  }

  @Test
  void toStringShowsNoHash() {
    assertThat(PasswordHash.of(PASSWORD).toString())
        .isEqualTo("PasswordHash[argon2id m=19456,t=2,p=1]");
  }
}
