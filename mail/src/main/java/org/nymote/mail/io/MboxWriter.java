package org.nymote.mail.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Writes messages as an mboxrd file (the format {@link MboxReader} reads): a {@code From
 * MAILER-DAEMON DATE} line, the message with LF line ends and every {@code >*From } line given one
 * more {@code >}, then one newline. Reading it back gives the same bytes. Owned by one thread.
 */
public final class MboxWriter {
  private final OutputStream out;

  public MboxWriter(OutputStream out) {
    this.out = out;
  }

  /** Appends one message (CRLF line ends, as the store keeps it) received at {@code date}. */
  public void write(byte[] message, Instant date) throws IOException {
    String from =
        "From MAILER-DAEMON " + MboxReader.ASCTIME.format(date.atOffset(ZoneOffset.UTC)) + "\n";
    out.write(from.getBytes(StandardCharsets.US_ASCII));
    byte[] lf = LineEnds.toLf(message);
    int start = 0;
    while (start < lf.length) {
      int end = start;
      while (end < lf.length && lf[end] != '\n') {
        end++;
      }
      if (needsQuote(lf, start, end)) {
        out.write('>');
      }
      out.write(lf, start, Math.min(end + 1, lf.length) - start);
      start = end + 1;
    }
    out.write('\n');
  }

  private static boolean needsQuote(byte[] b, int start, int end) {
    int i = start;
    while (i < end && b[i] == '>') {
      i++;
    }
    return end - i >= 5
        && b[i] == 'F'
        && b[i + 1] == 'r'
        && b[i + 2] == 'o'
        && b[i + 3] == 'm'
        && b[i + 4] == ' ';
  }
}
