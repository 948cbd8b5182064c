package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A home started, stopped with SIGTERM, and started again (the second time with --verbose). */
class RestartTest {
  @TempDir
  static Path temp;

  static Path home;
  static NymoteProcess first;
  static int firstExitCode;
  static byte[] keystoreAfterFirstStart;
  static NymoteProcess second;

  @BeforeAll
  static void startStopAndStartAgain() throws Exception {
    home = temp.resolve("home");
    first = NymoteProcess.serve(home);
    keystoreAfterFirstStart = Files.readAllBytes(home.resolve("tls/nymote.p12"));
    firstExitCode = first.stop();
    second = NymoteProcess.serve(home, "--verbose");
  }

  @AfterAll
  static void stop() throws Exception {
    second.close();
  }

  @Test
  void sigtermStopsTheServerCleanly() throws Exception {
    assertThat(firstExitCode).as("exit code after SIGTERM").isEqualTo(128 + 15);
    assertThat(first.stderr()).isEmpty();
  }

  @Test
  void theFirstUserIsNamedAfterTheEnvironmentOrOwner() {
    String user = System.getenv("USER");
    String expected = user != null && user.matches("[a-z_][a-z0-9_.-]{0,31}") ? user : "owner";
    assertThat(first.lines().get(0)).startsWith("password for " + expected + ": ");
  }

  @Test
  void aSecondStartPrintsNoPasswordButListenersAndReady() {
    assertThat(second.password()).isEmpty();
    assertThat(second.lines())
        .hasSize(7) // http, https, smtp, submission, submissions, lmtp, ready
        .noneMatch(line -> line.startsWith("password"))
        .last()
        .isEqualTo("ready");
  }

  @Test
  void aSecondStartKeepsTheCertificateAndThePassword() throws Exception {
    assertThat(Files.readAllBytes(home.resolve("tls/nymote.p12")))
        .isEqualTo(keystoreAfterFirstStart);
    String user = first.lines().get(0).split(" ")[2].replace(":", "");
    String url = "http://127.0.0.1:" + second.port("http") + "/";

    assertThat(Http.plain().get(url, user, first.password().orElseThrow()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void verboseLoggingNeverShowsThePassword() throws Exception {
    String url = "http://127.0.0.1:" + second.port("http") + "/";
    Http.plain().get(url, "owner", first.password().orElseThrow());

    assertThat(second.stderr()).contains("INFO").doesNotContain(first.password().orElseThrow());
  }
}
