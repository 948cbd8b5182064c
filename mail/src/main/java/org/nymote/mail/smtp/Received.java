package org.nymote.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The Received: trace header a server adds in front of a message (RFC 5321 4.4). */
final class Received {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  private Received() {}

  /**
   * The header, folded, ending in CRLF. {@code protocol} is a WITH keyword of RFC 3848 (ESMTPSA
   * ...); {@code recipient} is given only when the message has one, so as not to reveal Bcc.
   */
  static byte[] header(
      String helo,
      String peerAddress,
      String hostname,
      String protocol,
      String id,
      String recipient,
      ZonedDateTime when) {
    String literal = peerAddress.contains(":") ? "IPv6:" + peerAddress : peerAddress;
    var text = new StringBuilder("Received: from ")
        .append(helo)
        .append(" ([")
        .append(literal)
        .append("])\r\n\tby ")
        .append(hostname)
        .append(" (Nymote) with ")
        .append(protocol)
        .append(" id ")
        .append(id);
    if (recipient != null) {
      text.append("\r\n\tfor <").append(recipient).append('>');
    }
    text.append(";\r\n\t").append(DATE.format(when)).append("\r\n");
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
