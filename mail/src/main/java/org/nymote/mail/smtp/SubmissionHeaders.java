package org.nymote.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a submission server adds to a message that lacks it (RFC 6409 8.2 and 8.3): a {@code
 * Date:} and a {@code Message-ID:}, so that a client that leaves them out still sends a message
 * RFC 5322 accepts, and replies and threads can refer to it.
 */
final class SubmissionHeaders {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  private SubmissionHeaders() {}

  /**
   * The header fields to put in front of {@code message}, CRLF-ended: those of {@code Date} and
   * {@code Message-ID} its header section does not have; empty when it has both.
   */
  static byte[] missing(byte[] message, String hostname, String id, ZonedDateTime now) {
    boolean date = has(message, "date");
    boolean messageId = has(message, "message-id");
    var text = new StringBuilder();
    if (!date) {
      text.append("Date: ").append(DATE.format(now)).append("\r\n");
    }
    if (!messageId) {
      text.append("Message-ID: <").append(id).append('@').append(hostname).append(">\r\n");
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether the header section (up to the first empty line) has a field named {@code name}. */
  static boolean has(byte[] message, String name) {
    int line = 0;
    while (line < message.length) {
      if (message[line] == '\r' || message[line] == '\n') {
        return false; // the empty line: the body starts
      }
      if (startsWithField(message, line, name)) {
        return true;
      }
      int end = line;
      while (end < message.length && message[end] != '\n') {
        end++;
      }
      line = end + 1;
    }
    return false;
  }

  private static boolean startsWithField(byte[] message, int at, String name) {
    int i = 0;
    for (; i < name.length(); i++) {
      if (at + i >= message.length
          || Character.toLowerCase((char) (message[at + i] & 0xff)) != name.charAt(i)) {
        return false;
      }
    }
    int colon = at + i;
    while (colon < message.length && (message[colon] == ' ' || message[colon] == '\t')) {
      colon++; // RFC 5322 4.5.3 obsolete syntax allows white space before the colon
    }
    return colon < message.length && message[colon] == ':';
  }
}
