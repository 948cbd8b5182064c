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

/** The SMTP engine over real sockets: inbound SMTP, its refusals, and pipelining. */
class SmtpServerTest {
  @TempDir
  static Path temp;

  static TestTls tls;
  static MemDelivery delivery = new MemDelivery("example.test", "alice", "bob");
  static SmtpServer smtp;
  static SmtpServer small;
  static SmtpServer strict;

  @BeforeAll
  static void start() throws Exception {
    tls = TestTls.create(temp);
    smtp = SmtpServer.start(
        config(SmtpLimits.defaults().withMaxRecipients(3)), InetAddress.getLoopbackAddress(), 0);
    small = SmtpServer.start(
        config(SmtpLimits.defaults()
            .withMaxMessageSize(1000)
            .withCommandTimeout(Duration.ofMillis(700))),
        InetAddress.getLoopbackAddress(),
        0);
    strict = startStrict();
  }

  static SmtpServer startStrict() throws Exception {
    var d = SmtpLimits.defaults();
    var fiveCommands = new SmtpLimits(
        d.maxMessageSize(),
        d.maxRecipients(),
        d.maxCommandLine(),
        5,
        d.maxErrors(),
        d.maxAuthFailures(),
        d.authFailureDelay(),
        d.commandTimeout(),
        d.dataTimeout(),
        d.maxConnections());
    return SmtpServer.start(config(fiveCommands), InetAddress.getLoopbackAddress(), 0);
  }

  static SmtpConfig config(SmtpLimits limits) {
    return new SmtpConfig(
        SmtpMode.SMTP,
        "mx.example.test",
        tls.server,
        false,
        false,
        limits,
        delivery,
        delivery,
        delivery,
        Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    smtp.close();
    small.close();
    strict.close();
  }

  @BeforeEach
  void clear() {
    delivery.inboxes.clear();
    delivery.queued.clear();
  }

  private static Conversation hello(SmtpServer server) throws Exception {
    var c = Conversation.open(server.address());
    c.expect(220);
    c.command("EHLO client.test", 250);
    return c;
  }

  @Test
  void aMessageForALocalUserIsDeliveredUnstuffedBehindAReceivedHeader() throws Exception {
    try (var c = Conversation.open(smtp.address())) {
      assertThat(c.expect(220).getFirst()).startsWith("220 mx.example.test ESMTP");
      String ehlo = c.command("EHLO client.test", 250);
      assertThat(ehlo)
          .contains("PIPELINING", "SIZE 26214400", "8BITMIME", "ENHANCEDSTATUSCODES", "STARTTLS")
          .doesNotContain("AUTH");
      c.command("MAIL FROM:<someone@elsewhere.test> BODY=8BITMIME SIZE=100", 250);
      assertThat(c.command("RCPT TO:<alice@Example.TEST>", 250)).contains("2.1.5");
      c.command("DATA", 354);
      c.send("Subject: hi\r\n\r\n..a stuffed line\r\n.");
      assertThat(c.expect(250).getFirst()).contains("2.0.0");
      c.command("QUIT", 221);
    }
    String stored = new String(delivery.inbox("alice").getFirst(), StandardCharsets.UTF_8);
    assertThat(stored)
        .startsWith("Received: from client.test ([127.0.0.1])\r\n\tby "
            + "mx.example.test (Nymote) with ESMTP id ");
    assertThat(stored).contains("\tfor <alice@example.test>;");
    assertThat(stored).endsWith("\r\nSubject: hi\r\n\r\n.a stuffed line\r\n");
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrder() throws Exception {
    try (var c = Conversation.open(smtp.address())) {
      c.expect(220);
      c.send("EHLO client.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.test>\r\n"
          + "RCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA");
      c.expect(250);
      c.expect(250);
      c.expect(250);
      assertThat(c.expect(550).getFirst()).contains("5.1.1");
      c.expect(250);
      c.expect(354);
      c.send("Subject: two\r\n\r\nbody\r\n.\r\nQUIT");
      c.expect(250);
      c.expect(221);
    }
    assertThat(delivery.inbox("alice")).hasSize(1);
    assertThat(delivery.inbox("bob")).hasSize(1);
    assertThat(new String(delivery.inbox("bob").getFirst(), StandardCharsets.UTF_8))
        .doesNotContain("for <");
  }

  @Test
  void badAddressesUnknownUsersAndRelayingAreRefusedWithTheirCodes() throws Exception {
    try (var c = hello(smtp)) {
      assertThat(c.command("RCPT TO:<alice@example.test>", 503)).contains("5.5.1");
      assertThat(c.command("MAIL FROM:<no at sign>", 501)).contains("5.1.3");
      assertThat(c.command("MAIL FROM:<a@b..c>", 501)).contains("5.1.3");
      assertThat(c.command("MAIL FROM:someone@x.test", 501)).contains("5.1.3");
      assertThat(c.command("MAIL FROM:<a@x.test> FOO=1", 555)).contains("5.5.4");
      c.command("MAIL FROM:<a@x.test>", 250);
      assertThat(c.command("MAIL FROM:<a@x.test>", 503)).contains("5.5.1");
      assertThat(c.command("RCPT TO:<alice@@example.test>", 501)).contains("5.1.3");
      assertThat(c.command("RCPT TO:<carol@example.test>", 550)).contains("5.1.1");
      assertThat(c.command("RCPT TO:<victim@elsewhere.test>", 554)).contains("5.7.1");
      assertThat(c.command("DATA", 554)).contains("No valid recipients");
    }
    try (var c = hello(smtp)) {
      assertThat(c.command("AUTH PLAIN AGFsaWNlAHB3LWFsaWNl", 502)).contains("5.5.1");
      assertThat(c.command("VRFY alice", 252)).contains("2.5.0");
      assertThat(c.command("EXPN staff", 502)).contains("5.5.1");
      assertThat(c.command("FROB", 500)).contains("5.5.1");
      assertThat(c.command("LHLO client.test", 500)).contains("5.5.1");
      c.command("RSET", 250);
      c.command("NOOP", 250);
      c.command("HELP", 214);
      c.command("QUIT", 221);
    }
    assertThat(delivery.delivered()).isZero();
  }

  @Test
  void tooManyRecipientsAreDeferred() throws Exception {
    try (var c = hello(smtp)) {
      c.command("MAIL FROM:<a@x.test>", 250);
      for (int i = 0; i < 3; i++) {
        c.command("RCPT TO:<alice@example.test>", 250);
      }
      assertThat(c.command("RCPT TO:<bob@example.test>", 452)).contains("4.5.3");
    }
  }

  @Test
  void anOversizedMessageIsRefusedWhetherDeclaredOrNotAndNothingIsStored() throws Exception {
    try (var c = hello(small)) {
      assertThat(c.command("MAIL FROM:<a@x.test> SIZE=1001", 552)).contains("5.3.4");
      c.command("MAIL FROM:<a@x.test> SIZE=999", 250);
      c.command("RCPT TO:<alice@example.test>", 250);
      c.command("DATA", 354);
      c.send("Subject: big\r\n\r\n" + "x".repeat(900) + "\r\n" + "y".repeat(900) + "\r\n.");
      assertThat(c.expect(552).getFirst()).contains("5.3.4");
      c.command("NOOP", 250);
    }
    assertThat(delivery.delivered()).isZero();
  }

  @Test
  void bareLineFeedsAndCarriageReturnsAreRefused() throws Exception {
    try (var c = hello(smtp)) {
      for (String body : new String[] {"a\nb\r\n", "a\rb\r\n", "a\r\n.\nfake end\r\n"}) {
        c.command("MAIL FROM:<a@x.test>", 250);
        c.command("RCPT TO:<alice@example.test>", 250);
        c.command("DATA", 354);
        c.sendRaw(("Subject: bare\r\n\r\n" + body + ".\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(c.expect(550).getFirst()).contains("5.6.0", "Bare CR or LF");
      }
    }
    assertThat(delivery.delivered()).isZero();
  }

  @Test
  void longLinesAreRefusedInCommandsAndInData() throws Exception {
    try (var c = hello(smtp)) {
      assertThat(c.command("NOOP " + "x".repeat(5000), 500)).contains("5.5.6");
      c.command("MAIL FROM:<a@x.test>", 250);
      c.command("RCPT TO:<alice@example.test>", 250);
      c.command("DATA", 354);
      c.send("Subject: long\r\n\r\n" + "z".repeat(999) + "\r\n.");
      assertThat(c.expect(550).getFirst()).contains("998");
    }
    assertThat(delivery.delivered()).isZero();
  }

  @Test
  void aFailedDeliveryIsATemporaryError() throws Exception {
    delivery.failing.add("bob");
    try (var c = hello(smtp)) {
      c.command("MAIL FROM:<a@x.test>", 250);
      c.command("RCPT TO:<bob@example.test>", 250);
      c.command("DATA", 354);
      c.send("Subject: x\r\n\r\nx\r\n.");
      assertThat(c.expect(451).getFirst()).contains("4.3.0");
    } finally {
      delivery.failing.clear();
    }
  }

  @Test
  void starttlsDropsWhatWasPipelinedBeforeTheHandshake() throws Exception {
    try (var c = hello(smtp)) {
      c.send("STARTTLS\r\nMAIL FROM:<injected@x.test>");
      c.expect(220);
      c.startTls(tls.client);
      String ehlo = c.command("EHLO client.test", 250);
      assertThat(ehlo).doesNotContain("STARTTLS");
      c.command("MAIL FROM:<a@x.test>", 250);
      c.command("RCPT TO:<alice@example.test>", 250);
      c.command("DATA", 354);
      c.send("Subject: tls\r\n\r\nx\r\n.");
      c.expect(250);
    }
    assertThat(new String(delivery.inbox("alice").getFirst(), StandardCharsets.UTF_8))
        .contains("with ESMTPS id");
  }

  @Test
  void anIdleClientIsToldAndDisconnected() throws Exception {
    try (var c = hello(small)) {
      assertThat(c.expect(421).getFirst()).contains("4.4.2");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void tenErrorsCloseTheConnection() throws Exception {
    try (var c = hello(smtp)) {
      for (int i = 0; i < 9; i++) {
        c.command("FROB", 500);
      }
      c.send("FROB");
      c.expect(500);
      assertThat(c.expect(421).getFirst()).contains("Too many errors");
    }
  }

  @Test
  void theCommandLimitCountsOnlyCommandsBetweenMessages() throws Exception {
    try (var c = hello(strict)) {
      for (int i = 0; i < 3; i++) {
        c.command("MAIL FROM:<a@x.test>", 250);
        c.command("RCPT TO:<alice@example.test>", 250);
        c.command("DATA", 354);
        c.send("Subject: " + i + "\r\n\r\nx\r\n.");
        c.expect(250);
      }
      for (int i = 0; i < 5; i++) {
        c.command("NOOP", 250);
      }
      c.send("NOOP");
      assertThat(c.expect(421).getFirst()).contains("Too many commands");
    }
    assertThat(delivery.inbox("alice")).hasSize(3);
  }

  static String plain(String user, String password) {
    return Base64.getEncoder()
        .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }
}
