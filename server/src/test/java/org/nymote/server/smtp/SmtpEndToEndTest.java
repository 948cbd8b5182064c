package org.nymote.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.HomeCertificate;
import org.nymote.server.NymoteProcess;

/**
 * Two real {@code nymote serve} homes on loopback, a.test (alice) and b.test (bob), with dnsmasq
 * giving b.test's MX, driven by swaks and neomutt: inbound SMTP, submission across domains by MX
 * lookup with STARTTLS on both hops, every refusal with its code, LMTP, and a queued message that
 * survives kill -9 of its server. Mail is read back from the INBOX over the REST API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpEndToEndTest {
  @TempDir
  static Path temp;

  static Process dns;
  static int dnsPort;
  static int smtpB;
  static NymoteProcess a;
  static NymoteProcess b;
  static String alicePassword;
  static String bobPassword;
  static Path certA;

  @BeforeAll
  static void start() throws Exception {
    dnsPort = MailTools.freeUdpPort();
    dns = MailTools.dnsmasq(dnsPort);
    smtpB = MailTools.freeTcpPort();
    b = startB();
    bobPassword = b.password().orElseThrow();
    a = startA();
    alicePassword = a.password().orElseThrow();
    addDomain("b", "b.test");
    addDomain("a", "a.test");
    certA = HomeCertificate.writePem(temp.resolve("a"), temp.resolve("a.pem"));
  }

  static NymoteProcess startA() throws Exception {
    return NymoteProcess.serve(
        temp.resolve("a"),
        "--user",
        "alice",
        "--device",
        "a",
        "--mail-hostname",
        "mx.a.test",
        "--dns",
        "127.0.0.1:" + dnsPort,
        "--outbound-port",
        String.valueOf(smtpB),
        "--queue-retry",
        "1s");
  }

  static NymoteProcess startB() throws Exception {
    return NymoteProcess.serve(
        temp.resolve("b"),
        "--user",
        "bob",
        "--device",
        "b",
        "--mail-hostname",
        "mx.b.test",
        "--smtp-port",
        String.valueOf(smtpB));
  }

  static void addDomain(String home, String domain) throws Exception {
    var result = NymoteProcess.run(temp.resolve(home), "", "mail", "domain", "add", domain);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("added mail domain " + domain);
  }

  @AfterAll
  static void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (dns != null) {
      dns.destroy();
    }
  }

  static String server(NymoteProcess p, String service) {
    return "127.0.0.1:" + p.port(service);
  }

  static List<String> bobsInbox() throws Exception {
    return MailTools.inbox(b.port("http"), "bob", bobPassword);
  }

  static String awaitInBobsInbox(String subject) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (String message : bobsInbox()) {
        if (message.contains("Subject: " + subject + "\r\n")) {
          return message;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no '" + subject + "' in bob's INBOX within 60 s; A said:\n" + a.stderr());
  }

  /** swaks to A's submission port: STARTTLS with A's certificate checked, AUTH PLAIN. */
  static MailTools.Run submit(String password, String from, String to, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--server",
        server(a, "submission"),
        "--tls",
        "--tls-verify",
        "--tls-ca-path",
        certA.toString(),
        "--auth",
        "PLAIN",
        "--auth-user",
        "alice",
        "--auth-password",
        password,
        "--from",
        from,
        "--to",
        to));
    args.addAll(List.of(more));
    return MailTools.swaks(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void inboundSmtpDeliversIntoTheUsersInbox() throws Exception {
    var run = MailTools.swaks(
        "--server",
        server(b, "smtp"),
        "--from",
        "someone@elsewhere.test",
        "--to",
        "bob@b.test",
        "--header",
        "Subject: inbound-1");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("250 2.0.0 OK");
    String message = awaitInBobsInbox("inbound-1");
    assertThat(message)
        .startsWith("Received: from client.test ([127.0.0.1])\r\n\tby mx.b.test"
            + " (Nymote) with ESMTP id ");
  }

  @Test
  @Order(2)
  void mailSubmittedToAArrivesInBsInboxByMxLookup() throws Exception {
    var run = submit(alicePassword, "alice@a.test", "bob@b.test", "--header", "Subject: across");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("235 2.7.0", "250 2.0.0 OK: queued as");
    String message = awaitInBobsInbox("across");
    assertThat(message)
        .contains("by mx.b.test (Nymote) with ESMTPS id")
        .contains("by mx.a.test (Nymote) with ESMTPSA id");
  }

  @Test
  @Order(3)
  void everyRefusalHasItsCodeAndStoresNothing() throws Exception {
    int before = bobsInbox().size();
    Map<String, MailTools.Run> runs = new java.util.LinkedHashMap<>();
    String smtp = server(b, "smtp");
    runs.put("501 5.1.3", MailTools.swaks("--server", smtp, "--to", "bob@@b.test"));
    runs.put("550 5.1.1", MailTools.swaks("--server", smtp, "--to", "nobody@b.test"));
    runs.put("554 5.7.1", MailTools.swaks("--server", smtp, "--to", "victim@elsewhere.test"));
    runs.put(
        "530 5.7.0",
        MailTools.swaks(
            "--server", server(a, "submission"), "--from", "alice@a.test", "--to", "bob@b.test"));
    runs.put("535 5.7.8", submit("wrong-password", "alice@a.test", "bob@b.test"));
    runs.put("553 5.7.1", submit(alicePassword, "bob@b.test", "bob@b.test"));

    Path bare = temp.resolve("bare-lf.eml");
    Files.write(
        bare,
        "Subject: bare\r\n\r\nline one\nline two\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
    runs.put(
        "550 5.6.0",
        MailTools.swaks(
            "--server", smtp, "--to", "bob@b.test", "--no-data-fixup", "--data", "@" + bare));

    Path big = temp.resolve("big.txt");
    String line = "x".repeat(76) + "\n";
    try (var out = Files.newBufferedWriter(big)) {
      for (int i = 0; i < 26 * 1024 * 1024 / line.length() + 10; i++) {
        out.write(line);
      }
    }
    runs.put(
        "552 5.3.4", MailTools.swaks("--server", smtp, "--to", "bob@b.test", "--body", "@" + big));

    runs.forEach((code, run) -> {
      assertThat(run.exitCode()).as(run.output()).isNotZero();
      // swaks marks a refusal <** in plain text and <~* inside TLS
      assertThat(run.output()).as("expected %s", code).containsPattern("<[*~]\\* " + code);
    });
    assertThat(bobsInbox()).hasSize(before);
  }

  @Test
  @Order(4)
  void lmtpDeliversAndRepliesPerRecipient() throws Exception {
    var run = MailTools.swaks(
        "--protocol",
        "LMTP",
        "--server",
        server(a, "lmtp"),
        "--from",
        "mta@elsewhere.test",
        "--to",
        "alice@a.test,nobody@a.test,postmaster@a.test",
        "--header",
        "Subject: via-lmtp");
    assertThat(run.output()).contains("<** 550 5.1.1").contains("250 2.0.0 OK: delivered as");
    List<String> inbox = MailTools.inbox(a.port("http"), "alice", alicePassword);
    assertThat(inbox)
        .filteredOn(m -> m.contains("Subject: via-lmtp\r\n"))
        .hasSize(1)
        .allMatch(m -> m.contains(" with LMTP id "));
  }

  @Test
  @Order(5)
  void neomuttSendsThroughSubmissionCheckingTheCertificate() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("neomutt"));
    Path muttrc = dir.resolve("muttrc");
    Files.writeString(
        muttrc,
        String.join(
            "\n",
            "set from = \"alice@a.test\"",
            "set use_from = yes",
            "set smtp_url = \"smtp://alice@127.0.0.1:" + a.port("submission") + "/\"",
            "set smtp_pass = \"" + alicePassword + "\"",
            "set ssl_starttls = yes",
            "set ssl_force_tls = yes",
            "set certificate_file = \"" + certA + "\"",
            "set record = \"\"",
            "set copy = no",
            "set tmpdir = \"" + dir + "\"",
            ""));
    Path body = dir.resolve("body.txt");
    Files.writeString(body, "Hello Bob, from neomutt.\n");
    var builder = new ProcessBuilder(
            "neomutt", "-n", "-F", muttrc.toString(), "-s", "from-neomutt", "bob@b.test")
        .redirectInput(body.toFile())
        .redirectErrorStream(true);
    builder.environment().put("HOME", dir.toString());
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    String message = awaitInBobsInbox("from-neomutt");
    assertThat(message).contains("with ESMTPSA id").contains("Hello Bob, from neomutt.");
  }

  @Test
  @Order(6)
  void aQueuedMessageSurvivesKillDashNineAndIsDeliveredAfter() throws Exception {
    b.stop();
    var run = submit(alicePassword, "alice@a.test", "bob@b.test", "--header", "Subject: survives");
    assertThat(run.exitCode()).as(run.output()).isZero();
    try (var spool = Files.list(temp.resolve("a/spool/outbound"))) {
      assertThat(spool.map(f -> f.getFileName().toString())).anyMatch(n -> n.endsWith(".env"));
    }
    Thread.sleep(1500); // at least one attempt fails: B is down
    a.kill();
    a = startA();
    b = startB();
    String message = awaitInBobsInbox("survives");
    assertThat(message).contains("by mx.a.test (Nymote) with ESMTPSA id");
    assertThat(bobsInbox()).filteredOn(m -> m.contains("Subject: survives\r\n")).hasSize(1);
  }
}
