package org.nymote.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.mail.smtp.queue.OutboundQueue;
import org.nymote.mail.smtp.queue.Relays;
import org.nymote.mail.smtp.queue.RetrySchedule;
import org.nymote.mail.smtp.queue.Spool;

/** The outbound queue against a real SMTP listener: delivery, bounces, retries, restarts. */
class OutboundQueueTest {
  @TempDir
  static Path temp;

  static TestTls tls;
  static MemDelivery a = new MemDelivery("a.test", "alice");
  static MemDelivery b = new MemDelivery("b.test", "bob");
  static SmtpServer mxB;
  static int closedPort;

  @BeforeAll
  static void start() throws Exception {
    tls = TestTls.create(temp);
    mxB = SmtpServer.start(
        new SmtpConfig(
            SmtpMode.SMTP,
            "mx.b.test",
            tls.server,
            false,
            false,
            SmtpLimits.defaults(),
            b,
            b,
            b,
            Clock.systemUTC()),
        InetAddress.getLoopbackAddress(),
        0);
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() {
    mxB.close();
  }

  @BeforeEach
  void clear() {
    a.inboxes.clear();
    b.inboxes.clear();
  }

  static OutboundQueue queue(Path spool, int port, RetrySchedule schedule) throws Exception {
    return OutboundQueue.start(new OutboundQueue.Config(
        new Spool(spool),
        Relays.smarthost("127.0.0.1", port),
        "mx.a.test",
        schedule,
        Duration.ofSeconds(10),
        a,
        Clock.systemUTC()));
  }

  static final RetrySchedule FAST =
      new RetrySchedule(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1));

  static MailAddress address(String text) {
    return MailAddress.parse(text).orElseThrow();
  }

  static byte[] message(String subject) {
    return ("From: alice@a.test\r\nSubject: " + subject + "\r\n\r\n.dot\r\nbody\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aQueuedMessageReachesTheOtherDomainOverStarttlsAndLeavesTheSpool() throws Exception {
    Path spool = temp.resolve("spool-ok");
    try (var queue = queue(spool, mxB.address().getPort(), RetrySchedule.defaults())) {
      queue.enqueue(
          Optional.of(address("alice@a.test")), List.of(address("bob@b.test")), message("out"));
      await(() -> !b.inbox("bob").isEmpty());
      await(() -> queue.waiting().isEmpty());
    }
    String got = new String(b.inbox("bob").getFirst(), StandardCharsets.UTF_8);
    assertThat(got)
        .contains("by mx.b.test (Nymote) with ESMTPS id")
        .endsWith("Subject: out\r\n\r\n.dot\r\nbody\r\n");
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aPermanentRefusalBouncesToTheLocalSenderAtOnce() throws Exception {
    try (var queue =
        queue(temp.resolve("spool-bounce"), mxB.address().getPort(), RetrySchedule.defaults())) {
      queue.enqueue(
          Optional.of(address("alice@a.test")),
          List.of(address("nobody@b.test"), address("bob@b.test")),
          message("half"));
      await(() -> !a.inbox("alice").isEmpty());
      await(() -> queue.waiting().isEmpty());
    }
    assertThat(b.inbox("bob")).hasSize(1);
    String dsn = new String(a.inbox("alice").getFirst(), StandardCharsets.UTF_8);
    assertThat(dsn)
        .contains("Content-Type: multipart/report; report-type=delivery-status;")
        .contains("Final-Recipient: rfc822; nobody@b.test\r\nAction: failed\r\nStatus: 5.1.1")
        .contains("Diagnostic-Code: smtp; 550 5.1.1")
        .contains("Content-Type: text/rfc822-headers\r\n\r\nFrom: alice@a.test\r\nSubject: half")
        .doesNotContain("bob@b.test\r\nAction");
  }

  @Test
  void anUnreachableHostIsRetriedThenBouncesWhenTheLifetimeEnds() throws Exception {
    try (var queue = queue(temp.resolve("spool-retry"), closedPort, FAST)) {
      queue.enqueue(
          Optional.of(address("alice@a.test")), List.of(address("bob@b.test")), message("late"));
      await(() -> queue.waiting().stream().anyMatch(q -> q.attempts() >= 2));
      await(() -> !a.inbox("alice").isEmpty());
    }
    assertThat(new String(a.inbox("alice").getFirst(), StandardCharsets.UTF_8))
        .contains("Final-Recipient: rfc822; bob@b.test\r\nAction: failed\r\nStatus: 4.4.7");
  }

  @Test
  void theSpoolSurvivesARestartAndDropsWhatWasNeverAcknowledged() throws Exception {
    Path spool = temp.resolve("spool-restart");
    var slow = new RetrySchedule(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(5));
    try (var queue = queue(spool, closedPort, slow)) {
      queue.enqueue(
          Optional.of(address("alice@a.test")), List.of(address("bob@b.test")), message("kept"));
      await(() -> queue.waiting().getFirst().attempts() == 1);
    }
    Files.write(spool.resolve("0123456789abcdef01234567.eml"), message("half-written"));
    Files.write(spool.resolve("fedcba9876543210fedcba98.env.tmp"), new byte[] {1});
    try (var queue = queue(spool, mxB.address().getPort(), slow)) {
      assertThat(queue.waiting()).hasSize(1);
      queue.flush();
      await(() -> !b.inbox("bob").isEmpty());
      await(() -> queue.waiting().isEmpty());
    }
    assertThat(b.inbox("bob")).hasSize(1);
    try (var files = Files.list(spool)) {
      assertThat(files).isEmpty();
    }
  }
}
