package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who reaches what through the REST API: tokens made, listed and revoked while the server runs,
 * Basic with a password, and two users who never reach each other's store.
 */
class RestSecurityTest {
  private static final String SECRET = "alice's secret value";

  @TempDir
  static Path temp;

  static Path home;
  static NymoteProcess nymote;
  static RestClient alice;
  static RestClient bob;

  @BeforeAll
  static void start() throws Exception {
    home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    Cli.Output added = Cli.run(
        "bob-password\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "--home",
        home.toString(),
        "user",
        "add",
        "bob",
        "--password-stdin");
    assertThat(added.exitCode()).as(added.stderr()).isZero();
    alice = RestClient.bearer(nymote, "alice", RestClient.newToken(home, "alice"));
    bob = RestClient.bearer(nymote, "bob", RestClient.newToken(home, "bob"));
    assertThat(alice.put("branches/main/values/private/note", SECRET).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void withoutCredentialsTheAnswerIs401WithBothChallenges() throws Exception {
    var answer = RestClient.anonymous(nymote, "alice").get("branches");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.response().headers().allValues("WWW-Authenticate"))
        .anySatisfy(v -> assertThat(v).startsWith("Bearer realm=\"nymote\""))
        .anySatisfy(v -> assertThat(v).startsWith("Basic realm=\"nymote\""));
    assertThat(answer.text()).doesNotContain(SECRET);
  }

  @Test
  void anUnknownTokenOrAWrongPasswordIs401() throws Exception {
    var token = RestClient.bearer(nymote, "alice", "nyt_" + "A".repeat(43)).get("branches");
    var password = RestClient.basic(nymote, "alice", "wrong").get("branches");

    assertThat(token.status()).isEqualTo(401);
    assertThat(token.header("WWW-Authenticate")).contains("invalid_token");
    assertThat(password.status()).isEqualTo(401);
  }

  @Test
  void theUsersPasswordWorksAsBasicAuthentication() throws Exception {
    var basic = RestClient.basic(nymote, "alice", nymote.password().orElseThrow());

    assertThat(basic.get("branches/main/values/private/note").text()).isEqualTo(SECRET);
  }

  @Test
  void anotherUsersTokenGets403AndNoneOfTheirData() throws Exception {
    RestClient intruder = bob.onPathsOf("alice");
    String head =
        alice.get("branches").json().get("branches").get(0).get("head").asText();

    List<RestClient.Answer> answers = List.of(
        intruder.get("branches"),
        intruder.get("branches/main/values/private/note"),
        intruder.get("branches/main/values/"),
        intruder.get("branches/main/log"),
        intruder.get("diff?from=main&to=main"),
        intruder.get("branches/main/watch"),
        intruder.put("branches/main/values/private/note", "overwritten"),
        intruder.delete("branches/main/values/private/note"),
        intruder.post("branches", "{\"name\":\"evil\",\"from\":\"main\"}"),
        intruder.post("branches/main/revert", "{\"commit\":\"" + head + "\"}"));

    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
      assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(answer.text()).doesNotContain(SECRET).doesNotContain(head);
    });
    assertThat(alice.get("branches/main/values/private/note").text()).isEqualTo(SECRET);
    assertThat(alice.get("branches").json().get("branches")).hasSize(1);
    assertThat(bob.get("branches").json().get("branches")).isEmpty();
  }

  @Test
  void aUserWhoIsNotThereIs403ForAnyoneAndNeverCreated() throws Exception {
    var answer = alice.onPathsOf("carol").get("branches");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(home.resolve("users/carol")).doesNotExist();
  }

  @Test
  void aTokenMadeOrRevokedWhileTheServerRunsCountsAtOnce() throws Exception {
    Cli.Output made =
        Cli.run("--home", home.toString(), "token", "create", "alice", "--label", "laptop");
    assertThat(made.exitCode()).as(made.stderr()).isZero();
    String token = made.line();
    assertThat(token).matches("nyt_[A-Za-z0-9_-]{43}");
    var laptop = RestClient.bearer(nymote, "alice", token);
    assertThat(laptop.get("branches").status()).isEqualTo(200);
    assertThat(Cli.run("--home", home.toString(), "token", "list", "alice").text())
        .contains("laptop ");

    Cli.Output revoked = Cli.run("--home", home.toString(), "token", "revoke", "alice", "laptop");

    assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
    assertThat(laptop.get("branches").status()).isEqualTo(401);
    assertThat(alice.get("branches").status()).isEqualTo(200);
    assertThat(Cli.run("--home", home.toString(), "token", "revoke", "alice", "laptop")
            .exitCode())
        .isEqualTo(1);
  }

  @Test
  void theTokensFileIsPrivateAndHoldsHashesOnly() throws Exception {
    String token = RestClient.newToken(home, "alice");
    Path file = home.resolve("tokens");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).doesNotContain(token).doesNotContain(token.substring(4));
  }

  @Test
  void aTokenForAUserWhoIsNotThereIsRefused() {
    Cli.Output refused = Cli.run("--home", home.toString(), "token", "create", "mallory");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("no user 'mallory'");
  }
}
