package org.nymote.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.devices.StrangerDevice;
import org.nymote.signpost.identity.DeviceTls;
import org.nymote.signpost.identity.RootTrust;

/**
 * Links through a relay, with the real {@code nymote} in three Linux network namespaces made by
 * the test: A and B each linked only to R (no forwarding there), so A and B have no route to each
 * other. R runs {@code identity init} and a serve that relays; A and B join R; B's serve stays
 * attached to R; A writes a marker and syncs with B, which it reaches only through R. B gets the
 * marker; R's store does not, and tcpdump in R's namespace shows the bytes R forwarded never hold
 * it, plainly or inside any zlib or gzip stream (the same scan finds it in A's store: it would find
 * it on the wire). The test's own namespace has a fourth link, to R only, to knock at R's relay
 * as an unpaired, a foreign and a revoked device. Needs root (CI runs as root); the namespaces are
 * removed in {@link #removeNamespaces} whatever happens. The tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayLinkTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final String ID = Long.toString(PID % 100_000);
  private static final String NS_A = "nyA-" + ID;
  private static final String NS_B = "nyB-" + ID;
  private static final String NS_R = "nyR-" + ID;
  /** Three /24s: A–R, B–R, this namespace–R; third octets 1 to 240, from the process id. */
  private static final int NET = 1 + (int) (PID % 80) * 3;

  private static final String R_FOR_A = "10.213." + NET + ".1";
  private static final String A_ADDR = "10.213." + NET + ".2";
  private static final String R_FOR_B = "10.213." + (NET + 1) + ".1";
  private static final String B_ADDR = "10.213." + (NET + 1) + ".2";
  private static final String R_FOR_TEST = "10.213." + (NET + 2) + ".1";
  private static final String TEST_ADDR = "10.213." + (NET + 2) + ".2";

  private static final String MARKER = "nymote-relay-marker-" + UUID.randomUUID();
  private static final String MESSAGE_MARKER = "relay-commit-" + UUID.randomUUID();

  @TempDir
  static Path dir;

  static Path r;
  static Path a;
  static Path b;
  static Path d;
  static String rPassword;
  static String bPassword;
  static NymoteProcess rServe;
  static NymoteProcess bServe;
  static int rPort;
  static int relayPort;
  static int bPort;
  static final List<Process> helpers = new ArrayList<>();

  static List<String> in(String ns) {
    return List.of("ip", "netns", "exec", ns);
  }

  @BeforeAll
  static void threeHostsAndTheirDevices() throws Exception {
    makeNamespaces();
    r = dir.resolve("r");
    a = dir.resolve("a");
    b = dir.resolve("b");
    d = dir.resolve("d");
    rPassword = password(ok(NymoteProcess.runIn(
        List.of(), r, "", "identity", "init", "--user", "alice", "--name", "r")));
    rServe = NymoteProcess.serveIn(
        in(NS_R),
        r,
        "--bind",
        "0.0.0.0",
        "--device-port",
        "0",
        "--relay-port",
        "0",
        "--device",
        "r");
    rPort = rServe.port("device-sync");
    relayPort = rServe.port("relay");

    join(a, "a", in(NS_A), R_FOR_A);
    bPassword = join(b, "b", in(NS_B), R_FOR_B);
    join(d, "d", List.of(), R_FOR_TEST);
    assertThat(ok(NymoteProcess.runIn(List.of(), b, "", "device", "relay", "add", "r"))
            .stdout())
        .contains("relay r");
    bServe = NymoteProcess.serveIn(
        in(NS_B), b, "--verbose", "--bind", B_ADDR, "--device-port", "0", "--device", "b");
    bPort = bServe.port("device-sync");
    long deadline = System.nanoTime() + NymoteProcess.TIMEOUT.toNanos();
    while (!bServe.stderr().contains("attached to relay r")) {
      assertThat(System.nanoTime()).as(bServe.stderr()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  static String join(Path home, String name, List<String> ns, String relayAddress)
      throws Exception {
    String code = ok(NymoteProcess.runIn(
            List.of(), r, "", "device", "invite", "--address", relayAddress + ":" + rPort))
        .stdout()
        .strip();
    var join = ok(NymoteProcess.runIn(ns, home, "", "device", "join", code, "--name", name));
    assertThat(join.stdout()).contains("joined as device " + name + " of alice", "remote 'r'");
    return password(join);
  }

  static String password(NymoteProcess.Result result) {
    var m = java.util.regex.Pattern.compile("password for alice: (\\S+)").matcher(result.stdout());
    assertThat(m.find()).as(result.stdout()).isTrue();
    return m.group(1);
  }

  /**
   * GET {@code /api/v1/users/alice/PATH} from a serve with curl in its namespace: the store as the
   * serve holds it (the files on disk may lag behind its journal).
   */
  static String rest(String ns, String host, int port, String password, String path)
      throws Exception {
    String out = sh(
        false,
        "ip",
        "netns",
        "exec",
        ns,
        "curl",
        "-s",
        "-m",
        "20",
        "-u",
        "alice:" + password,
        "-w",
        " HTTP%{http_code}",
        "http://" + host + ":" + port + "/api/v1/users/alice/" + path);
    return out.substring(out.indexOf(' ') + 1);
  }

  static NymoteProcess.Result ok(NymoteProcess.Result result) {
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    return result;
  }

  @AfterAll
  static void removeNamespaces() throws Exception {
    try {
      for (NymoteProcess p : new NymoteProcess[] {bServe, rServe}) {
        if (p != null) {
          p.close();
        }
      }
      for (Process p : helpers) {
        p.destroyForcibly().waitFor();
      }
    } finally {
      for (String ns : List.of(NS_A, NS_B, NS_R)) {
        sh(false, "ip", "netns", "del", ns);
      }
      sh(false, "ip", "link", "del", "t-" + ID);
    }
  }

  private static void makeNamespaces() throws Exception {
    for (String ns : List.of(NS_A, NS_B, NS_R)) {
      sh(true, "ip", "netns", "add", ns);
      sh(true, "ip", "-n", ns, "link", "set", "lo", "up");
    }
    link(NS_A, "a-" + ID, A_ADDR, "ra-" + ID, R_FOR_A);
    link(NS_B, "b-" + ID, B_ADDR, "rb-" + ID, R_FOR_B);
    // This namespace's link to R: the test's own client reaches R's relay, and only R.
    sh(true, "ip", "link", "add", "t-" + ID, "type", "veth", "peer", "name", "rt-" + ID);
    sh(true, "ip", "link", "set", "rt-" + ID, "netns", NS_R);
    sh(true, "ip", "addr", "add", TEST_ADDR + "/24", "dev", "t-" + ID);
    sh(true, "ip", "link", "set", "t-" + ID, "up");
    sh(true, "ip", "-n", NS_R, "addr", "add", R_FOR_TEST + "/24", "dev", "rt-" + ID);
    sh(true, "ip", "-n", NS_R, "link", "set", "rt-" + ID, "up");
    sh(true, "ip", "netns", "exec", NS_R, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
  }

  /** A veth pair: {@code end} in {@code ns}, {@code rEnd} in R's namespace, one /24. */
  private static void link(String ns, String end, String addr, String rEnd, String rAddr)
      throws Exception {
    sh(true, "ip", "link", "add", end, "type", "veth", "peer", "name", rEnd);
    sh(true, "ip", "link", "set", end, "netns", ns);
    sh(true, "ip", "link", "set", rEnd, "netns", NS_R);
    sh(true, "ip", "-n", ns, "addr", "add", addr + "/24", "dev", end);
    sh(true, "ip", "-n", ns, "link", "set", end, "up");
    sh(true, "ip", "-n", NS_R, "addr", "add", rAddr + "/24", "dev", rEnd);
    sh(true, "ip", "-n", NS_R, "link", "set", rEnd, "up");
  }

  /** Runs a command to its end (30 s at most); if {@code check}, it must succeed. */
  static String sh(boolean check, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end");
    }
    if (check && p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    return p.exitValue() + " " + out;
  }

  /** Whether a TCP connection from namespace {@code ns} to {@code host:port} succeeds in 3 s. */
  static boolean connects(String ns, String host, int port) throws Exception {
    return sh(
            false,
            "ip",
            "netns",
            "exec",
            ns,
            "timeout",
            "3",
            "bash",
            "-c",
            "exec 3<>/dev/tcp/" + host + "/" + port)
        .startsWith("0 ");
  }

  @Test
  @Order(1)
  void aAndBHaveNoRouteToEachOtherButBothReachR() throws Exception {
    assertThat(connects(NS_A, B_ADDR, bPort)).as("A reaching B directly").isFalse();
    assertThat(connects(NS_B, A_ADDR, 22)).as("B reaching A").isFalse();
    assertThat(connects(NS_R, B_ADDR, bPort)).as("R reaching B").isTrue();
    assertThat(connects(NS_A, R_FOR_A, rPort)).as("A reaching R").isTrue();
    assertThat(sh(true, "ip", "netns", "exec", NS_R, "sysctl", "-n", "net.ipv4.ip_forward"))
        .isEqualTo("0 0\n");
  }

  @Test
  @Order(2)
  void rPresentingItsOwnCertificateForBIsRefused() throws Exception {
    // A remote named b at R's address: R answers with its own certificate, and A refuses it.
    ok(NymoteProcess.runIn(List.of(), a, "", "device", "remote", "b", R_FOR_A + ":" + rPort));
    var sync = NymoteProcess.runIn(in(NS_A), a, "", "sync", "b");
    assertThat(sync.exitCode()).isEqualTo(1);
    assertThat(sync.stdout()).contains("the peer is device r, not b");
  }

  @Test
  @Order(3)
  void aSyncsWithBThroughRAndRNeverSeesTheMarker() throws Exception {
    ok(NymoteProcess.runIn(
        List.of(), a, "", "device", "remote", "b", B_ADDR + ":" + bPort, "--via", "r"));
    Path capture = dir.resolve("relay.pcap");
    Process tcpdump = new ProcessBuilder(
            "ip",
            "netns",
            "exec",
            NS_R,
            "tcpdump",
            "-i",
            "any",
            "-y",
            "LINUX_SLL", // tcpflow reads the cooked header of version 1, not 2
            "-U",
            "-n",
            "-s",
            "0",
            "-w",
            capture.toString(),
            "tcp")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("tcpdump.log").toFile())
        .start();
    helpers.add(tcpdump);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.readString(dir.resolve("tcpdump.log")).contains("listening on")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }

    Path aStore = a.resolve("users/alice/store.git");
    ok(NymoteProcess.runIn(
        List.of(),
        a,
        "",
        "store",
        "--repo",
        aStore.toString(),
        "set",
        "notes/relay",
        MARKER,
        "-m",
        MESSAGE_MARKER));
    var sync = ok(NymoteProcess.runIn(in(NS_A), a, "", "--verbose", "sync", "b"));
    assertThat(sync.stdout()).as(sync.stderr()).contains("alice b: ok", "pushed");
    assertThat(sync.stderr()).contains("through relay r");

    tcpdump.destroy();
    assertThat(tcpdump.waitFor(30, TimeUnit.SECONDS)).isTrue();

    // B has the marker and the commit message.
    Path bStore = b.resolve("users/alice/store.git");
    int bHttp = bServe.port("http");
    assertThat(rest(NS_B, B_ADDR, bHttp, bPassword, "branches/main/log?limit=20"))
        .as(sync.stdout() + sync.stderr())
        .contains(MESSAGE_MARKER);
    assertThat(rest(NS_B, B_ADDR, bHttp, bPassword, "branches/main/values/notes/relay"))
        .isEqualTo(MARKER + " HTTP200");
    // The scan finds the marker in compressed Git objects: it could find it on the wire.
    assertThat(PlaintextScan.filesContaining(aStore, MARKER)).isNotEmpty();
    assertThat(PlaintextScan.filesContaining(bStore, MARKER)).isNotEmpty();
    assertThat(PlaintextScan.filesContaining(aStore, MESSAGE_MARKER)).isNotEmpty();

    // R's store never received it.
    Path rStore = r.resolve("users/alice/store.git");
    int rHttp = rServe.port("http");
    String rLog = rest(NS_R, "127.0.0.1", rHttp, rPassword, "branches/main/log?limit=1000");
    assertThat(rLog).contains("device b paired", "HTTP200").doesNotContain(MESSAGE_MARKER);
    assertThat(rest(NS_R, "127.0.0.1", rHttp, rPassword, "branches/main/values/notes/relay"))
        .endsWith("HTTP404");
    assertThat(rest(NS_R, "127.0.0.1", rHttp, rPassword, "branches"))
        .contains("\"main\"")
        .doesNotContain(MESSAGE_MARKER);
    assertThat(PlaintextScan.filesContaining(rStore, MARKER)).isEmpty();
    assertThat(PlaintextScan.filesContaining(rStore, MESSAGE_MARKER)).isEmpty();

    // The bytes R forwarded (each TCP stream in R's namespace, reassembled) never hold it.
    Path flows = dir.resolve("flows");
    Files.createDirectories(flows);
    sh(true, "tcpflow", "-r", capture.toString(), "-o", flows.toString());
    String relayed = String.format("%05d", relayPort);
    List<Path> streams;
    try (Stream<Path> files = Files.list(flows)) {
      streams =
          files.filter(f -> f.getFileName().toString().matches("[0-9.-]+")).toList();
    }
    List<Path> sessions = streams.stream()
        .filter(f -> f.getFileName().toString().contains("." + relayed))
        .toList();
    assertThat(sessions).as("relay session streams in " + streams).hasSizeGreaterThanOrEqualTo(4);
    long bytes = 0;
    for (Path f : sessions) {
      bytes += Files.size(f);
    }
    assertThat(bytes).as("bytes through the relay port").isGreaterThan(4_000);
    for (Path f : streams) {
      byte[] stream = Files.readAllBytes(f);
      assertThat(PlaintextScan.contains(stream, MARKER)).as(f.toString()).isFalse();
      assertThat(PlaintextScan.contains(stream, MESSAGE_MARKER))
          .as(f.toString())
          .isFalse();
    }
  }

  @Test
  @Order(4)
  void aSessionToADeviceNotAttachedGetsAClearError() throws Exception {
    ok(NymoteProcess.runIn(List.of(), a, "", "device", "remote", "c", B_ADDR + ":1", "--via", "r"));
    var sync = NymoteProcess.runIn(in(NS_A), a, "", "sync", "c");
    assertThat(sync.exitCode()).isEqualTo(1);
    assertThat(sync.stdout()).contains("device c is not attached to this relay");
  }

  @Test
  @Order(5)
  void unpairedForeignAndRevokedDevicesCannotUseTheRelay() throws Exception {
    var rIdentity = DeviceIdentity.find(r).orElseThrow();
    var trustR = new RootTrust(rIdentity.root(), c -> false);
    String connect = "https://" + R_FOR_TEST + ":" + rPort + "/relay/connect?device=b";

    // No certificate: the handshake passes (joining devices have none), the relay does not.
    var anonymous = post(DeviceTls.context(null, trustR), connect);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("only the user's paired devices");

    // A device of another root: refused in the handshake.
    var strangerKeys = StrangerDevice.keys("alice", "d");
    assertThatThrownBy(() -> post(DeviceTls.context(strangerKeys, trustR), connect))
        .isInstanceOf(IOException.class);

    // Device d, paired, is let in: a device not attached gets 404 with the reason.
    var dIdentity = DeviceIdentity.find(d).orElseThrow();
    SSLContext asD = DeviceTls.context(dIdentity.keyManager(), trustR);
    var notAttached = post(asD, connect.replace("device=b", "device=nosuch"));
    assertThat(notAttached.statusCode()).isEqualTo(404);
    assertThat(notAttached.body()).contains("device nosuch is not attached to this relay");

    // Revoked on R: refused in the handshake, for connect and listen alike.
    ok(NymoteProcess.runIn(in(NS_R), r, "", "device", "revoke", "d"));
    SSLContext asRevokedD = DeviceTls.context(dIdentity.keyManager(), trustR);
    assertThatThrownBy(() -> post(asRevokedD, connect)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> post(asRevokedD, connect.replace("connect?device=b", "listen")))
        .isInstanceOf(IOException.class);
  }

  static HttpResponse<String> post(SSLContext tls, String url)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
