package org.nymote.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submission (STARTTLS, AUTH, relaying for its users), implicit TLS, and LMTP's replies. */
class SubmissionAndLmtpTest {
  @TempDir
  static Path temp;

  static TestTls tls;
  static MemDelivery delivery = new MemDelivery("example.test", "alice", "bob");
  static SmtpServer submission;
  static SmtpServer submissions;
  static SmtpServer lmtp;

  @BeforeAll
  static void start() throws Exception {
    tls = TestTls.create(temp);
    var limits = SmtpLimits.defaults();
    limits = new SmtpLimits(
        limits.maxMessageSize(),
        limits.maxRecipients(),
        limits.maxCommandLine(),
        limits.maxCommands(),
        limits.maxErrors(),
        2,
        Duration.ofMillis(50),
        limits.commandTimeout(),
        limits.dataTimeout(),
        limits.maxConnections());
    var loopback = InetAddress.getLoopbackAddress();
    submission = SmtpServer.start(config(SmtpMode.SUBMISSION, false, limits), loopback, 0);
    submissions = SmtpServer.start(config(SmtpMode.SUBMISSION, true, limits), loopback, 0);
    lmtp = SmtpServer.start(config(SmtpMode.LMTP, false, limits), loopback, 0);
  }

  static SmtpConfig config(SmtpMode mode, boolean implicitTls, SmtpLimits limits) {
    return new SmtpConfig(
        mode,
        "mx.example.test",
        tls.server,
        implicitTls,
        mode == SmtpMode.LMTP,
        limits,
        delivery,
        delivery,
        delivery,
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    submission.close();
    submissions.close();
    lmtp.close();
  }

  @BeforeEach
  void clear() {
    delivery.inboxes.clear();
    delivery.queued.clear();
  }

  @Test
  void submissionWantsTlsBeforeAuthAndAuthBeforeMail() throws Exception {
    try (var c = Conversation.open(submission.address())) {
      c.expect(220);
      assertThat(c.command("EHLO client.test", 250)).contains("STARTTLS").doesNotContain("AUTH");
      assertThat(c.command("MAIL FROM:<alice@example.test>", 530)).contains("5.7.0");
      assertThat(c.command("AUTH PLAIN " + plain("alice", "pw-alice"), 538)).contains("5.7.11");
      c.command("STARTTLS", 220);
      c.startTls(tls.client);
      assertThat(c.command("EHLO client.test", 250)).contains("AUTH PLAIN LOGIN");
      assertThat(c.command("MAIL FROM:<alice@example.test>", 530)).contains("5.7.0");
      assertThat(c.command("AUTH PLAIN " + plain("alice", "wrong"), 535)).contains("5.7.8");
      assertThat(c.command("AUTH PLAIN " + plain("alice", "pw-alice"), 235)).contains("2.7.0");
      assertThat(c.command("MAIL FROM:<bob@example.test>", 553)).contains("5.7.1");
      c.command("MAIL FROM:<alice@example.test>", 250);
      c.command("RCPT TO:<bob@example.test>", 250);
      c.command("RCPT TO:<carol@elsewhere.test>", 250);
      c.command("RCPT TO:<dave@elsewhere.test>", 250);
      c.command("DATA", 354);
      c.send("From: alice@example.test\r\nSubject: out\r\n\r\nhello\r\n.");
      c.expect(250);
    }
    String delivered = new String(delivery.inbox("bob").getFirst(), StandardCharsets.UTF_8);
    assertThat(delivered).contains("with ESMTPSA id");
    // The message came without Date: and Message-ID:; submission adds them (RFC 6409 8.2, 8.3).
    String header = delivered.substring(0, delivered.indexOf("\r\n\r\n"));
    assertThat(header).containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} ");
    assertThat(header).containsPattern("\r\nMessage-ID: <[0-9a-f]{16}@mx\\.example\\.test>\r\n");
    assertThat(delivery.queued).hasSize(1);
    var queued = delivery.queued.getFirst();
    assertThat(queued.from()).map(MailAddress::toString).hasValue("alice@example.test");
    assertThat(queued.to())
        .map(MailAddress::toString)
        .containsExactly("carol@elsewhere.test", "dave@elsewhere.test");
  }

  @Test
  void submissionKeepsTheDateAndMessageIdAClientGaveAndLmtpAddsNone() throws Exception {
    String given = "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-Id : <given@client.test>\r\n"
        + "Subject: kept\r\n\r\nDate: in the body is not a header\r\n.";
    try (var c = Conversation.openTls(submissions.address(), tls.client)) {
      c.expect(220);
      c.command("EHLO client.test", 250);
      c.command("AUTH PLAIN " + plain("alice", "pw-alice"), 235);
      c.command("MAIL FROM:<alice@example.test>", 250);
      c.command("RCPT TO:<bob@example.test>", 250);
      c.command("DATA", 354);
      c.send(given);
      c.expect(250);
    }
    try (var c = Conversation.open(lmtp.address())) {
      c.expect(220);
      c.command("LHLO client.test", 250);
      c.command("MAIL FROM:<carol@elsewhere.test>", 250);
      c.command("RCPT TO:<alice@example.test>", 250);
      c.command("DATA", 354);
      c.send("Subject: no date\r\n\r\nhello\r\n.");
      c.expect(250);
    }
    String kept = new String(delivery.inbox("bob").getFirst(), StandardCharsets.UTF_8);
    assertThat(kept.substring(0, kept.indexOf("\r\n\r\n")))
        .containsOnlyOnce("Date: ")
        .containsOnlyOnce("Message-");
    assertThat(kept).contains("Message-Id : <given@client.test>");
    String delivered = new String(delivery.inbox("alice").getFirst(), StandardCharsets.UTF_8);
    assertThat(delivered).doesNotContain("Message-ID:").doesNotContain("\r\nDate:");
  }

  @Test
  void authLoginWorksAndRepeatedFailuresHangUp() throws Exception {
    try (var c = Conversation.openTls(submissions.address(), tls.client)) {
      c.expect(220);
      assertThat(c.command("EHLO client.test", 250)).contains("AUTH").doesNotContain("STARTTLS");
      c.command("AUTH LOGIN", 334);
      c.command(b64("bob"), 334);
      assertThat(c.command(b64("pw-bob"), 235)).contains("2.7.0");
      assertThat(c.command("AUTH LOGIN", 503)).contains("Already");
    }
    try (var c = Conversation.openTls(submissions.address(), tls.client)) {
      c.expect(220);
      c.command("EHLO client.test", 250);
      c.command("AUTH PLAIN", 334);
      c.command("*", 501);
      c.command("AUTH CRAM-MD5", 504);
      c.command("AUTH PLAIN " + plain("bob", "nope"), 535);
      c.send("AUTH PLAIN " + plain("bob", "nope2"));
      assertThat(c.expect(421).getFirst()).contains("failed logins");
    }
  }

  @Test
  void lmtpRepliesOncePerRecipient() throws Exception {
    delivery.failing.add("bob");
    try (var c = Conversation.open(lmtp.address())) {
      assertThat(c.expect(220).getFirst()).contains("LMTP");
      c.command("EHLO client.test", 500);
      assertThat(c.command("LHLO mta.test", 250)).contains("PIPELINING", "STARTTLS");
      c.command("MAIL FROM:<x@elsewhere.test>", 250);
      c.command("RCPT TO:<alice@example.test>", 250);
      c.command("RCPT TO:<bob@example.test>", 250);
      assertThat(c.command("RCPT TO:<y@elsewhere.test>", 550)).contains("5.7.1");
      c.command("RCPT TO:<alice@example.test>", 250);
      c.command("DATA", 354);
      c.send("Subject: lmtp\r\n\r\nx\r\n.");
      c.expect(250);
      assertThat(c.expect(451).getFirst()).contains("4.3.0");
      c.expect(250);
    } finally {
      delivery.failing.clear();
    }
    assertThat(delivery.inbox("alice")).hasSize(1);
    assertThat(new String(delivery.inbox("alice").getFirst(), StandardCharsets.UTF_8))
        .contains("with LMTP id");
  }

  static String plain(String user, String password) {
    return b64("\0" + user + "\0" + password);
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
