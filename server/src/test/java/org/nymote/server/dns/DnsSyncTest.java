package org.nymote.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;

/**
 * Two devices of one user, each a real {@code nymote serve}: after syncs both serve the same zone
 * (both devices' addresses, both keys, one serial), and delv validates either one's answers; a
 * device that comes back with another address publishes it, the serial moves, and a sync carries
 * it to the other.
 */
class DnsSyncTest {
  static final String ZONE = "alice.nymote.test";

  @TempDir
  Path temp;

  @Test
  void afterSyncBothDevicesServeTheSameZoneAndAMovedAddressReachesTheOther() throws Exception {
    Path laptopHome = temp.resolve("laptop");
    Path phoneHome = temp.resolve("phone");
    try (var phone = NymoteProcess.serve(
        phoneHome, "--user", "alice", "--device", "phone", "--dns-address", "127.0.0.2")) {
      int phoneDns = phone.port("dns-udp");
      var laptop = NymoteProcess.serve(
          laptopHome, "--user", "alice", "--device", "laptop", "--dns-address", "127.0.0.1");
      try {
        var add = NymoteProcess.run(
            laptopHome,
            phone.password().orElseThrow() + "\n",
            "remote",
            "add",
            "phone",
            "http://127.0.0.1:" + phone.port("http") + "/git/alice/store.git",
            "--remote-user",
            "alice",
            "--password-stdin");
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        // The stores are empty, and a device never makes the first commit itself: a record of
        // the user's starts the zone in the store, and the laptop writes its entry beside it.
        Tools.addRecord(
            laptop.port("http"),
            "alice",
            laptop.password().orElseThrow(),
            new org.nymote.signpost.zone.ZoneRecord("@", "TXT", 300, "\"hello\""));
        int laptopDns = laptop.port("dns-udp");
        // The phone writes its entry once the zone reaches it; the next sync brings it back.
        long deadline = System.nanoTime() + 60_000_000_000L;
        do {
          assertThat(System.nanoTime()).as("both entries on both devices").isLessThan(deadline);
          sync(laptopHome);
          Thread.sleep(300);
        } while (Tools.short_(laptopDns, "phone." + ZONE, "A").isEmpty()
            || Tools.short_(phoneDns, ZONE, "TXT").isEmpty());
        awaitSameZone(laptopDns, phoneDns);

        assertThat(Tools.short_(phoneDns, "laptop." + ZONE, "A")).containsExactly("127.0.0.1");
        assertThat(Tools.short_(laptopDns, "phone." + ZONE, "A")).containsExactly("127.0.0.2");
        assertThat(Tools.short_(phoneDns, ZONE, "NS"))
            .containsExactly("laptop." + ZONE + ".", "phone." + ZONE + ".");
        List<String> keys = Tools.short_(phoneDns, ZONE, "DNSKEY");
        assertThat(keys).hasSize(2);
        Path anchors = temp.resolve("anchors.conf");
        StringBuilder conf = new StringBuilder("trust-anchors {\n");
        for (String k : keys) {
          conf.append("  ")
              .append(ZONE)
              .append(". static-key 257 3 13 \"")
              .append(k.split(" ", 4)[3].replace(" ", ""))
              .append("\";\n");
        }
        Files.writeString(anchors, conf.append("};\n").toString());
        for (int dns : new int[] {laptopDns, phoneDns}) {
          String out = Tools.run(
                  "delv",
                  "@127.0.0.1",
                  "-p",
                  "" + dns,
                  "-a",
                  anchors.toString(),
                  "+root=" + ZONE,
                  "phone." + ZONE,
                  "A")
              .output();
          assertThat(out).contains("; fully validated").contains("127.0.0.2");
        }
      } finally {
        laptop.close();
      }
      long serialBeforeMove = serial(phoneDns);

      try (var moved = NymoteProcess.serve(
          laptopHome, "--user", "alice", "--device", "laptop", "--dns-address", "127.0.0.3")) {
        int movedDns = moved.port("dns-udp");
        assertThat(Tools.short_(movedDns, "laptop." + ZONE, "A")).containsExactly("127.0.0.3");
        assertThat(serial(movedDns)).isGreaterThan(serialBeforeMove);

        sync(laptopHome);
        awaitSameZone(movedDns, phoneDns);
        assertThat(Tools.short_(phoneDns, "laptop." + ZONE, "A")).containsExactly("127.0.0.3");
        assertThat(serial(phoneDns)).isGreaterThan(serialBeforeMove);
      }
    }
  }

  private static void sync(Path home) throws Exception {
    var sync = NymoteProcess.run(home, "", "sync");
    assertThat(sync.exitCode()).as(sync.stdout() + sync.stderr()).isZero();
  }

  /** Waits until both answer the same SOA (the zone is signed again after a change arrives). */
  private static void awaitSameZone(int a, int b) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!soa(a).equals(soa(b))) {
      assertThat(System.nanoTime())
          .as("same SOA: " + soa(a) + " vs " + soa(b))
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static List<String> soa(int port) throws Exception {
    return Tools.short_(port, ZONE, "SOA");
  }

  private static long serial(int port) throws Exception {
    return Long.parseLong(soa(port).getFirst().split(" ")[2]);
  }
}
