package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nymote user add|list} against the home of a running server. */
class UserCommandTest {
  @TempDir
  static Path temp;

  static Path home;
  static NymoteProcess nymote;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    url = "http://127.0.0.1:" + nymote.port("http") + "/";
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void aUserAddedWithAPasswordFromStdinCanLogInToTheRunningServer() throws Exception {
    var added = NymoteProcess.run(
        home, "correct horse battery\n", "user", "add", "bob", "--password-stdin");

    assertThat(added.exitCode()).as(added.stderr()).isZero();
    assertThat(added.stdout()).isEqualTo("added user bob\n");
    assertThat(Http.plain().get(url, "bob", "correct horse battery").statusCode())
        .isEqualTo(200);
    assertThat(Http.plain().get(url, "bob", "correct horse").statusCode()).isEqualTo(401);
    assertThat(home.resolve("users/bob/store.git")).isDirectory();
  }

  @Test
  void addingAUserWhoExistsIsAUsageError() throws Exception {
    var again = NymoteProcess.run(home, "other\n", "user", "add", "alice", "--password-stdin");

    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.stderr()).contains("user 'alice' already exists").contains("nymote user list");
    assertThat(Http.plain().get(url, "alice", "other").statusCode()).isEqualTo(401);
  }

  @Test
  void anInvalidNameIsAUsageErrorThatSaysWhatIsValid() throws Exception {
    var invalid = NymoteProcess.run(home, "pw\n", "user", "add", "Eve/../x", "--password-stdin");

    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.stderr()).contains("invalid user name 'Eve/../x'").contains("lower-case");
  }

  @Test
  void anEmptyPasswordIsAUsageError() throws Exception {
    var empty = NymoteProcess.run(home, "", "user", "add", "carol", "--password-stdin");

    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.stderr()).contains("no password on standard input");
  }

  @Test
  void withoutPasswordStdinAPasswordIsMadeAndPrintedOnce() throws Exception {
    var added = NymoteProcess.run(home, "", "user", "add", "dave");

    assertThat(added.exitCode()).as(added.stderr()).isZero();
    String password = added
        .stdout()
        .lines()
        .filter(line -> line.startsWith("password for dave: "))
        .findFirst()
        .orElseThrow()
        .substring("password for dave: ".length());
    assertThat(Http.plain().get(url, "dave", password).statusCode()).isEqualTo(200);
  }

  @Test
  void listShowsEveryUserOnALine() throws Exception {
    NymoteProcess.run(home, "pw\n", "user", "add", "erin", "--password-stdin");

    var list = NymoteProcess.run(home, "", "user", "list");

    assertThat(list.exitCode()).isZero();
    assertThat(list.stdout().lines()).startsWith("alice").contains("erin");
  }

  @Test
  void userCommandsOnAMissingHomeFailAndSayHowToCreateIt() throws Exception {
    var missing = NymoteProcess.run(temp.resolve("nowhere"), "", "user", "list");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no Nymote home at").contains("nymote serve");
  }
}
