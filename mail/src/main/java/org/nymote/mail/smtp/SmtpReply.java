package org.nymote.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP reply (RFC 5321 4.2): a three-digit code, an enhanced status code (RFC 3463) or null
 * where none is sent (the greeting, EHLO), and one or more lines of text.
 */
public record SmtpReply(int code, String status, List<String> lines) {
  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("reply code " + code);
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one line");
    }
  }

  /** A one-line reply with an enhanced status code. */
  public static SmtpReply of(int code, String status, String text) {
    return new SmtpReply(code, status, List.of(text));
  }

  /** Whether it reports success (2xx) or an intermediate step (3xx). */
  public boolean positive() {
    return code < 400;
  }

  /** Whether it reports a permanent failure (5xx). */
  public boolean permanent() {
    return code >= 500;
  }

  /** The reply on the wire: multi-line replies as {@code 250-...} lines then {@code 250 ...}. */
  public byte[] encode() {
    var out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
      if (status != null) {
        out.append(status).append(' ');
      }
      out.append(lines.get(i)).append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return code + (status == null ? "" : " " + status) + " " + String.join(" / ", lines);
  }
}
