package org.nymote.mail.smtp;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to complete message data: refused as a whole when it broke a rule, else stamped
 * with a Received: header (and, on submission, the Date: and Message-ID: it lacks) and handed, once per local user, to {@link LocalDelivery} and, for other
 * domains, to the {@link Outbox}. Nothing is stored for a refused message; every positive reply
 * follows a durable write.
 */
final class MessageIntake {
  private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SmtpConfig config;

  MessageIntake(SmtpConfig config) {
    this.config = config;
  }

  /** One reply for SMTP and submission; one per recipient, in order, for LMTP (RFC 2033 4.2). */
  List<SmtpReply> take(
      SmtpSession.Transaction transaction,
      SmtpInput.Data data,
      String helo,
      String peerAddress,
      String protocol) {
    int replies = config.mode() == SmtpMode.LMTP ? transaction.recipients().size() : 1;
    SmtpReply refusal = switch (data) {
      case SmtpInput.Data.TooBig big ->
        SmtpReply.of(
            552,
            "5.3.4",
            "Message too big: at most " + config.limits().maxMessageSize() + " octets");
      case SmtpInput.Data.BareLineEnd bare ->
        SmtpReply.of(
            550, "5.6.0", "Bare CR or LF in the message: lines must end in CRLF (RFC 5321 2.3.8)");
      case SmtpInput.Data.LineTooLong line ->
        SmtpReply.of(
            550,
            "5.6.0",
            "A line longer than " + SmtpInput.MAX_DATA_LINE + " octets (RFC 5322 2.1.1)");
      case SmtpInput.Data.Message message -> null;
    };
    if (refusal != null) {
      return java.util.Collections.nCopies(replies, refusal);
    }
    byte[] body = ((SmtpInput.Data.Message) data).bytes();
    String id = HexFormat.of().formatHex(randomId());
    var recipients = transaction.recipients();
    ZonedDateTime now = ZonedDateTime.now(config.clock());
    byte[] added = config.mode() == SmtpMode.SUBMISSION
        ? SubmissionHeaders.missing(body, config.hostname(), id, now)
        : new byte[0];
    byte[] received = Received.header(
        helo,
        peerAddress,
        config.hostname(),
        protocol,
        id,
        recipients.size() == 1 ? recipients.getFirst().address().toString() : null,
        now);
    byte[] message = new byte[received.length + added.length + body.length];
    System.arraycopy(received, 0, message, 0, received.length);
    System.arraycopy(added, 0, message, received.length, added.length);
    System.arraycopy(body, 0, message, received.length + added.length, body.length);

    Map<String, SmtpReply> byUser = new LinkedHashMap<>();
    List<MailAddress> remote = new ArrayList<>();
    for (var recipient : recipients) {
      if (recipient.route() instanceof LocalDelivery.Route.Local local) {
        byUser.computeIfAbsent(local.user(), user -> deliver(user, message, id));
      } else {
        remote.add(recipient.address());
      }
    }
    SmtpReply remoteReply = remote.isEmpty() ? null : enqueue(transaction, remote, message, id);
    if (config.mode() == SmtpMode.LMTP) {
      List<SmtpReply> each = new ArrayList<>();
      for (var recipient : recipients) {
        each.add(byUser.get(((LocalDelivery.Route.Local) recipient.route()).user()));
      }
      return each;
    }
    for (SmtpReply reply : byUser.values()) {
      if (!reply.positive()) {
        return List.of(reply);
      }
    }
    return List.of(
        remoteReply != null && !remoteReply.positive()
            ? remoteReply
            : SmtpReply.of(250, "2.0.0", "OK: queued as " + id));
  }

  private SmtpReply deliver(String user, byte[] message, String id) {
    try {
      config.delivery().deliver(user, message);
      LOG.info("message {} delivered to {} ({} octets)", id, user, message.length);
      return SmtpReply.of(250, "2.0.0", "OK: delivered as " + id);
    } catch (IOException | RuntimeException e) {
      LOG.warn("message {} not delivered to {}: {}", id, user, e.toString());
      return SmtpReply.of(451, "4.3.0", "Local error in processing; try again later");
    }
  }

  private SmtpReply enqueue(
      SmtpSession.Transaction transaction, List<MailAddress> remote, byte[] message, String id) {
    try {
      config.outbox().enqueue(transaction.from(), remote, message);
      LOG.info("message {} queued for {} remote recipients", id, remote.size());
      return SmtpReply.of(250, "2.0.0", "OK: queued as " + id);
    } catch (IOException | RuntimeException e) {
      LOG.warn("message {} not queued: {}", id, e.toString());
      return SmtpReply.of(451, "4.3.0", "Local error in processing; try again later");
    }
  }

  private static byte[] randomId() {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return id;
  }
}
