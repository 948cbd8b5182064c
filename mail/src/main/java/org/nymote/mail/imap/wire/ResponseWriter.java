package org.nymote.mail.imap.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes responses: untagged data, continuation requests and tagged status lines, with literals
 * where a value needs one. The only place bytes are written to the client. Thread-safe (IDLE
 * pushes from another thread); the stream can be swapped for STARTTLS and COMPRESS.
 */
public final class ResponseWriter {
  private OutputStream out;

  public ResponseWriter(OutputStream out) {
    this.out = out;
  }

  /** Replaces the stream (after STARTTLS or COMPRESS); flushes the old one first. */
  public synchronized void replace(OutputStream next) throws IOException {
    out.flush();
    out = next;
  }

  /** A line of parts: {@link String}s as they are (ASCII), {@code byte[]} as literals. */
  public synchronized void line(List<?> parts) throws IOException {
    for (Object p : parts) {
      if (p instanceof byte[] literal) {
        out.write(("{" + literal.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(literal);
      } else {
        out.write(p.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    out.write('\r');
    out.write('\n');
  }

  public synchronized void untagged(String text) throws IOException {
    line(List.of("* " + text));
  }

  public synchronized void continuation(String text) throws IOException {
    line(List.of("+ " + text));
    out.flush();
  }

  public synchronized void tagged(String tag, String status, String code, String text)
      throws IOException {
    line(List.of(tag + " " + status + " " + (code == null ? "" : "[" + code + "] ") + text));
  }

  public synchronized void flush() throws IOException {
    out.flush();
  }

  /** A string as a quoted string if it can be one, else as a literal part. */
  public static Object string(String s) {
    if (s == null) {
      return "NIL";
    }
    if (s.length() < 1000 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A mailbox name: in modified UTF-7 (RFC 3501), or once the client enabled IMAP4rev2 in UTF-8,
   * which RFC 9051 allows inside a quoted string; a literal only when quoting cannot carry it.
   */
  public static Object mailbox(String name, boolean utf8) {
    if (!utf8) {
      return string(ModifiedUtf7.encode(name));
    }
    if (name.length() < 1000 && name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
      return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return name.getBytes(StandardCharsets.UTF_8);
  }
}
