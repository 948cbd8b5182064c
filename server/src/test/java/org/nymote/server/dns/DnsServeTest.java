package org.nymote.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;
import org.nymote.signpost.zone.ZoneKey;
import org.nymote.signpost.zone.ZoneRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The real {@code nymote serve} answering real DNS clients: dig and kdig for answers, delv for
 * DNSSEC validation, raw sockets for garbage and floods. One serve for the class; the flood and
 * garbage tests run last, as they spend the client network's rate-limit budget.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsServeTest {
  static final String ZONE = "alice.nymote.test";
  static final int RATE = 100;

  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static int port;
  static long serialBefore;

  @BeforeAll
  static void start() throws Exception {
    nymote = NymoteProcess.serve(
        temp.resolve("home"),
        "--user",
        "alice",
        "--device",
        "laptop",
        "--dns-address",
        "127.0.0.1",
        "--dns-address",
        "::1",
        "--dns-rate-limit",
        "" + RATE);
    port = nymote.port("dns-udp");
    serialBefore = serial();
    String password = nymote.password().orElseThrow();
    int http = nymote.port("http");
    Tools.addRecord(http, "alice", password, new ZoneRecord("@", "MX", 300, "20 mx.example.org."));
    Tools.addRecord(http, "alice", password, new ZoneRecord("@", "TXT", 300, "\"v=spf1 mx -all\""));
    for (int i = 0; i < 12; i++) {
      Tools.addRecord(
          http,
          "alice",
          password,
          new ZoneRecord("big", "TXT", 300, "\"" + "x".repeat(60) + i + "\""));
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (Tools.dig(port, "+tcp", "+short", "big." + ZONE, "TXT").lines().count() < 12
        || serial() == serialBefore) {
      assertThat(System.nanoTime()).as("the records reached the zone").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  @Order(1)
  void serveNamesTheZoneItServesAndListensOnUdpAndTcpAtOnePort() {
    assertThat(nymote.lines()).contains("zone " + ZONE);
    assertThat(nymote.port("dns-tcp")).isEqualTo(port);
  }

  @Test
  @Order(2)
  void digGetsTheDeviceAddressesAndSrvRecordsForThePortsServeListensOn() throws Exception {
    String host = "laptop." + ZONE + ".";
    int https = nymote.port("https");
    assertThat(Tools.short_(port, "laptop." + ZONE, "A")).containsExactly("127.0.0.1");
    assertThat(Tools.short_(port, "laptop." + ZONE, "AAAA")).containsExactly("::1");
    assertThat(Tools.short_(port, "_caldavs._tcp." + ZONE, "SRV"))
        .containsExactly("0 1 " + https + " " + host);
    assertThat(Tools.short_(port, "_carddavs._tcp." + ZONE, "SRV"))
        .containsExactly("0 1 " + https + " " + host);
    assertThat(Tools.short_(port, "_caldavs._tcp." + ZONE, "TXT"))
        .containsExactly("\"path=/.well-known/caldav\"");
    assertThat(Tools.short_(port, ZONE, "NS")).containsExactly(host);
    // serve's own SMTP listener makes this device an MX, beside the record the user added
    assertThat(Tools.short_(port, ZONE, "MX"))
        .containsExactlyInAnyOrder("10 " + host, "20 mx.example.org.");
    assertThat(Tools.short_(port, "_imaps._tcp." + ZONE, "SRV"))
        .containsExactly("0 1 " + nymote.port("imaps") + " " + host);
    assertThat(Tools.short_(port, "_submission._tcp." + ZONE, "SRV"))
        .containsExactly("0 1 " + nymote.port("submission") + " " + host);
    assertThat(Tools.short_(port, ZONE, "TXT")).containsExactly("\"v=spf1 mx -all\"");
    assertThat(Tools.short_(port, ZONE, "SOA").getFirst())
        .startsWith(host + " hostmaster." + ZONE + ". ");
  }

  @Test
  @Order(3)
  void recordsAddedOverRestMovedTheSerial() throws Exception {
    assertThat(serial()).isGreaterThan(serialBefore);
  }

  @Test
  @Order(4)
  void answersAreAuthoritativeAndNamesOutsideTheZoneAreRefused() throws Exception {
    String inside = Tools.dig(port, "+norec", ZONE, "SOA");
    String outside = Tools.dig(port, "example.com", "A");
    assertThat(inside).contains("status: NOERROR").containsPattern("flags: qr aa;");
    assertThat(outside).contains("status: REFUSED").doesNotContainPattern("flags: [^;]*aa");
  }

  @Test
  @Order(5)
  void aMissingNameIsNxdomainWithTheSoaAndTheNsecProof() throws Exception {
    String out = Tools.dig(port, "+dnssec", "+multiline", "nope." + ZONE, "A");
    assertThat(out).contains("status: NXDOMAIN");
    String authority = out.substring(out.indexOf(";; AUTHORITY SECTION:"));
    assertThat(authority).contains("IN SOA").contains("IN NSEC").contains("IN RRSIG");
  }

  @Test
  @Order(6)
  void delvValidatesAnswersAndDenialsAgainstTheZoneKey() throws Exception {
    Path anchors = anchors(Tools.short_(port, ZONE, "DNSKEY").getFirst().split(" ", 4)[3]);
    String a = delv(anchors, "laptop." + ZONE, "A");
    String srv = delv(anchors, "_caldavs._tcp." + ZONE, "SRV");
    String nx = delv(anchors, "nope." + ZONE, "A");
    String nodata = delv(anchors, "laptop." + ZONE, "MX");
    assertThat(a).contains("; fully validated").contains("127.0.0.1");
    assertThat(srv).contains("; fully validated");
    assertThat(nx).contains("; negative response, fully validated").contains("NXDOMAIN");
    assertThat(nodata).contains("; negative response, fully validated");
  }

  @Test
  @Order(7)
  void delvRejectsTheAnswersUnderAnotherKey() throws Exception {
    String field = ZoneKey.generate().dnskeyField();
    String out = delv(anchors(field), "laptop." + ZONE, "A");
    assertThat(out).doesNotContain("fully validated").contains("resolution failed");
  }

  @Test
  @Order(8)
  void kdigGetsTheSameSignedAnswerOverUdpAndTcp() throws Exception {
    var udp = Tools.run(
        "kdig", "@127.0.0.1", "-p", "" + port, "+notcp", "+dnssec", "+short", ZONE, "SOA");
    var tcp =
        Tools.run("kdig", "@127.0.0.1", "-p", "" + port, "+tcp", "+dnssec", "+short", ZONE, "SOA");
    assertThat(udp.exitCode()).as(udp.output()).isZero();
    assertThat(tcp.exitCode()).as(tcp.output()).isZero();
    String soa =
        udp.output().lines().filter(l -> l.contains("hostmaster")).findFirst().orElseThrow();
    assertThat(tcp.output()).contains(soa);
    assertThat(udp.output()).contains("SOA 13 3 ");
  }

  @Test
  @Order(9)
  void anAnswerTooBigForUdpIsTruncatedAndComesWholeOverTcp() throws Exception {
    String udp = Tools.dig(port, "+noedns", "+ignore", "big." + ZONE, "TXT");
    String tcp = Tools.dig(port, "+tcp", "big." + ZONE, "TXT");
    assertThat(udp).containsPattern("flags: qr tc aa|flags: qr aa tc|flags:[^;]* tc");
    assertThat(tcp).contains("ANSWER: 12").doesNotContainPattern("flags:[^;]* tc");
  }

  @Test
  @Order(20)
  void garbageGetsFormerrOrSilenceAndTheServerKeepsAnswering() throws Exception {
    var random = new Random(42);
    try (var socket = new DatagramSocket()) {
      socket.setSoTimeout(2000);
      for (int i = 0; i < 50; i++) {
        byte[] junk = new byte[random.nextInt(300)];
        random.nextBytes(junk);
        socket.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), port));
      }
      // A header that asks a question whose name points at itself.
      byte[] loop = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
      socket.send(new DatagramPacket(loop, loop.length, InetAddress.getLoopbackAddress(), port));
      boolean sawFormerr = false;
      try {
        byte[] buffer = new byte[4096];
        while (!sawFormerr) {
          var p = new DatagramPacket(buffer, buffer.length);
          socket.receive(p);
          Message m = new Message(java.util.Arrays.copyOf(buffer, p.getLength()));
          sawFormerr = m.getHeader().getID() == 0x1234 && m.getRcode() == Rcode.FORMERR;
        }
      } catch (SocketTimeoutException e) {
        // checked below
      }
      assertThat(sawFormerr).as("FORMERR for the pointer loop").isTrue();
    }
    try (var tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
      var out = tcp.getOutputStream();
      out.write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}); // promises 65535, sends 3
      out.flush();
    }
    try (var tcp = new Socket(InetAddress.getLoopbackAddress(), port)) {
      tcp.setSoTimeout(5000);
      var out = new java.io.DataOutputStream(tcp.getOutputStream());
      byte[] junk = new byte[40];
      random.nextBytes(junk);
      junk[2] = 0; // a query, not a response
      out.writeShort(junk.length);
      out.write(junk);
      out.flush();
      var in = new java.io.DataInputStream(tcp.getInputStream());
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      assertThat(new Message(reply).getHeader().getFlag(Flags.QR)).isTrue();
    }
    Thread.sleep(1100); // the rate limiter's bucket fills again
    assertThat(Tools.short_(port, "laptop." + ZONE, "A")).containsExactly("127.0.0.1");
  }

  @Test
  @Order(21)
  void aFloodFromOneNetworkIsRateLimitedWithSomeTruncatedSlips() throws Exception {
    Thread.sleep(1100);
    byte[] query = Message.newQuery(
            Record.newRecord(Name.fromString("laptop." + ZONE + "."), Type.A, DClass.IN))
        .toWire();
    int sent = 1000;
    int answers = 0;
    int slips = 0;
    try (var socket = new DatagramSocket()) {
      socket.setSoTimeout(1000);
      for (int i = 0; i < sent; i++) {
        socket.send(
            new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
      }
      byte[] buffer = new byte[4096];
      try {
        while (true) {
          var p = new DatagramPacket(buffer, buffer.length);
          socket.receive(p);
          Message m = new Message(java.util.Arrays.copyOf(buffer, p.getLength()));
          if (m.getHeader().getFlag(Flags.TC)) {
            slips++;
          } else {
            answers++;
          }
        }
      } catch (SocketTimeoutException e) {
        // all that came
      }
    }
    assertThat(answers).isBetween(RATE / 2, RATE * 3);
    assertThat(slips).isPositive();
    assertThat(answers + slips).isLessThan(sent * 3 / 4);
    Thread.sleep(1100);
  }

  private static String delv(Path anchors, String name, String type) throws Exception {
    return Tools.run(
            "delv",
            "@127.0.0.1",
            "-p",
            "" + port,
            "-a",
            anchors.toString(),
            "+root=" + ZONE,
            name,
            type)
        .output();
  }

  private static Path anchors(String keyField) throws Exception {
    Path file = Files.createTempFile(temp, "anchors", ".conf");
    Files.writeString(
        file,
        "trust-anchors {\n  " + ZONE + ". static-key 257 3 13 \"" + keyField.replace(" ", "")
            + "\";\n};\n");
    return file;
  }

  static long serial() throws Exception {
    List<String> soa = Tools.short_(port, ZONE, "SOA");
    return Long.parseLong(soa.getFirst().split(" ")[2]);
  }
}
