package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line: 0 ok, 1 runtime failure, 2 usage error. */
class CommandLineTest {
  @TempDir
  Path temp;

  @Test
  void versionPrintsTheVersion() throws Exception {
    var version = NymoteProcess.run(temp.resolve("home"), "", "--version");

    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout().strip()).isEqualTo("nymote " + Version.current());
  }

  @Test
  void noCommandIsAUsageErrorPointingToHelp() throws Exception {
    var none = NymoteProcess.run(temp.resolve("home"), "");

    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.stderr()).contains("missing command").contains("nymote --help");
  }

  @Test
  void aPortOutOfRangeIsAUsageError() throws Exception {
    var result = NymoteProcess.run(temp.resolve("home"), "", "serve", "--http-port", "70000");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("--http-port must be between 0").contains("--help");
  }

  @Test
  void aBusyPortIsARuntimeFailureNamingThePortAndTheFlag() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var result = NymoteProcess.run(
          temp.resolve("home"),
          "",
          "serve",
          "--http-port",
          String.valueOf(taken.getLocalPort()),
          "--https-port",
          "0");

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr())
          .contains("cannot listen for http on 127.0.0.1:" + taken.getLocalPort())
          .contains("--http-port");
      assertThat(result.stdout()).doesNotContain("ready");
    }
  }
}
