package org.nymote.mail.io;

import java.io.ByteArrayOutputStream;

/**
 * Line ends between files and the mailstore: files (Maildir, mbox) end lines in LF, the store keeps
 * CRLF as SMTP and IMAP carry it. {@link #toCrlf} and {@link #toLf} undo each other exactly on any
 * bytes whose line ends are all one kind, so a round trip is byte-exact.
 */
final class LineEnds {
  private LineEnds() {}

  /** Every LF not already after a CR becomes CRLF. */
  static byte[] toCrlf(byte[] bytes) {
    var out = new ByteArrayOutputStream(bytes.length + bytes.length / 32 + 2);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
        out.write('\r');
      }
      out.write(bytes[i]);
    }
    return out.toByteArray();
  }

  /** Every CRLF becomes LF. */
  static byte[] toLf(byte[] bytes) {
    var out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
        continue;
      }
      out.write(bytes[i]);
    }
    return out.toByteArray();
  }
}
