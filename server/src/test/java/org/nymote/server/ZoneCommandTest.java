package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.dns.Tools;

/** {@code nymote zone} (in this JVM): the domain and records set from the command line are what serve serves. */
class ZoneCommandTest {
  @TempDir
  Path temp;

  @Test
  void theDomainAndRecordsSetFromTheCommandLineAreServed() throws Exception {
    Path home = temp.resolve("home");
    try (var first = NymoteProcess.serve(home, "--user", "alice", "--device", "laptop")) {
      assertThat(first.lines()).contains("zone alice.nymote.test");
    }

    assertThat(zone(home, "set-domain", "Example.ORG").exitCode()).isZero();
    assertThat(zone(home, "add", "@", "MX", "10", "mail.example.org.").exitCode())
        .isZero();
    assertThat(zone(home, "add", "www", "A", "192.0.2.1").exitCode()).isZero();
    assertThat(zone(home, "add", "old", "TXT", "\"gone soon\"").exitCode()).isZero();
    assertThat(zone(home, "rm", "old", "TXT").exitCode()).isZero();
    var bad = zone(home, "add", "www", "A", "not-an-address");
    var managed = zone(home, "add", "@", "NS", "ns.elsewhere.test.");

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr()).contains("bad A");
    assertThat(managed.exitCode()).isEqualTo(2);
    assertThat(managed.stderr()).contains("made by Nymote");

    try (var serve = NymoteProcess.serve(home, "--device", "laptop")) {
      int port = serve.port("dns-udp");
      assertThat(serve.lines()).contains("zone example.org");
      // the user's MX, and this device as one too: serve listens for SMTP
      assertThat(Tools.short_(port, "example.org", "MX"))
          .containsExactlyInAnyOrder("10 mail.example.org.", "10 laptop.example.org.");
      assertThat(Tools.short_(port, "www.example.org", "A")).containsExactly("192.0.2.1");
      assertThat(Tools.short_(port, "laptop.example.org", "A")).containsExactly("127.0.0.1");
      assertThat(Tools.dig(port, "old.example.org", "TXT")).contains("status: NXDOMAIN");
      assertThat(Tools.dig(port, "alice.nymote.test", "SOA")).contains("status: REFUSED");

      var whileServing = zone(home, "add", "x", "A", "192.0.2.2");
      assertThat(whileServing.exitCode()).isEqualTo(1);
      assertThat(whileServing.stderr()).contains("running `nymote serve`");
    }
    // That start found the zone in the store and wrote this device's entry into it.
    assertThat(zone(home, "show").text())
        .contains("zone example.org serial ")
        .contains("device laptop 127.0.0.1")
        .contains("example.org.\t\t3600\tIN\tDS\t")
        .contains("record @ 300 IN MX 10 mail.example.org.")
        .contains("record www 300 IN A 192.0.2.1")
        .doesNotContain("gone soon");
  }

  /** Runs {@code nymote --home HOME zone ARGS} in this JVM. */
  private static Cli.Output zone(Path home, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "--home";
    command[1] = home.toString();
    command[2] = "zone";
    System.arraycopy(args, 0, command, 3, args.length);
    return Cli.run(command);
  }
}
