package org.nymote.mail.smtp.queue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery status notification for recipients that could not be reached (RFC 3464, in a
 * multipart/report of RFC 6522): a human-readable part, the message/delivery-status part, and the
 * original message's header (not its body, which may be large).
 */
final class Bounce {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
  private static final Pattern STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Bounce() {}

  /**
   * The DSN to {@code sender} about {@code failures} (recipient to the last reply or reason) of
   * the message {@code original}, reported by {@code hostname}.
   */
  static byte[] of(
      String hostname,
      String sender,
      Map<String, String> failures,
      ZonedDateTime arrival,
      ZonedDateTime now,
      byte[] original) {
    byte[] id = new byte[10];
    RANDOM.nextBytes(id);
    String boundary = "nymote-dsn-" + HexFormat.of().formatHex(id);
    var text = new StringBuilder();
    text.append("From: Mail Delivery System <MAILER-DAEMON@").append(hostname).append(">\r\n");
    text.append("To: <").append(sender).append(">\r\n");
    text.append("Subject: Undelivered Mail Returned to Sender\r\n");
    text.append("Date: ").append(DATE.format(now)).append("\r\n");
    text.append("Message-ID: <").append(boundary).append('@').append(hostname).append(">\r\n");
    text.append("Auto-Submitted: auto-replied\r\n");
    text.append("MIME-Version: 1.0\r\n");
    text.append("Content-Type: multipart/report; report-type=delivery-status;\r\n")
        .append("\tboundary=\"")
        .append(boundary)
        .append("\"\r\n\r\n");

    text.append("--").append(boundary).append("\r\n");
    text.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    text.append("Your message could not be delivered to these recipients:\r\n\r\n");
    failures.forEach((to, why) ->
        text.append("<").append(to).append(">: ").append(oneLine(why)).append("\r\n"));
    text.append("\r\n");

    text.append("--").append(boundary).append("\r\n");
    text.append("Content-Type: message/delivery-status\r\n\r\n");
    text.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
    text.append("Arrival-Date: ").append(DATE.format(arrival)).append("\r\n");
    failures.forEach((to, why) -> {
      text.append("\r\n");
      text.append("Final-Recipient: rfc822; ").append(to).append("\r\n");
      text.append("Action: failed\r\n");
      text.append("Status: ").append(status(why)).append("\r\n");
      if (why.matches("^\\d{3}[ -].*")) {
        text.append("Diagnostic-Code: smtp; ").append(oneLine(why)).append("\r\n");
      }
      text.append("Last-Attempt-Date: ").append(DATE.format(now)).append("\r\n");
    });
    text.append("\r\n");

    text.append("--").append(boundary).append("\r\n");
    text.append("Content-Type: text/rfc822-headers\r\n\r\n");
    var bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(header(original));
    bytes.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return bytes.toByteArray();
  }

  /** The enhanced status of a reply if it has one, else a permanent failure of its class. */
  static String status(String why) {
    Matcher m = STATUS.matcher(why);
    if (m.find() && m.group(1).startsWith("5")) {
      return m.group(1);
    }
    return why.startsWith("4") ? "4.4.7" : "5.0.0";
  }

  /** The header of {@code message}: everything up to the first empty line, with its CRLF. */
  private static byte[] header(byte[] message) {
    for (int i = 0; i + 3 < message.length; i++) {
      if (message[i] == '\r'
          && message[i + 1] == '\n'
          && message[i + 2] == '\r'
          && message[i + 3] == '\n') {
        return java.util.Arrays.copyOf(message, i + 2);
      }
    }
    return message;
  }

  private static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ");
  }
}
