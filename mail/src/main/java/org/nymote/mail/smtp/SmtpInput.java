package org.nymote.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The reading side of one SMTP connection, with its own buffer so that the session can tell
 * whether the client has sent more than it has read ({@link #buffered()}: for PIPELINING flushes,
 * and to refuse commands pipelined after STARTTLS, RFC 3207 4.2). Owned by one thread.
 */
final class SmtpInput {
  /** RFC 5322 2.1.1: at most 998 octets on a line, besides CRLF. */
  static final int MAX_DATA_LINE = 998;

  private final InputStream in;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  SmtpInput(InputStream in) {
    this.in = in;
  }

  /** Whether bytes the client sent wait in the buffer, unread by the session. */
  boolean buffered() {
    return position < limit;
  }

  /** A line too long for the limit given; the whole line has been read and dropped. */
  static final class LineTooLongException extends IOException {
    LineTooLongException() {
      super("line too long");
    }
  }

  /**
   * The next command line, without its line end (CRLF, or a bare LF, tolerated in commands). Reads
   * and drops a line longer than {@code max} octets, then throws {@link LineTooLongException}.
   */
  String readLine(int max) throws IOException {
    var line = new ByteArrayOutputStream(128);
    boolean tooLong = false;
    while (true) {
      int b = read();
      if (b < 0) {
        throw new EOFException("the client closed the connection");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() < max + 1) {
        line.write(b);
      } else {
        tooLong = true;
      }
    }
    byte[] bytes = line.toByteArray();
    int length =
        bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    if (tooLong || length > max) {
      throw new LineTooLongException();
    }
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  /** What {@link #readData} found, once it has read up to the end marker. */
  sealed interface Data {
    /** The message, dot-unstuffed, with CRLF line ends. */
    record Message(byte[] bytes) implements Data {}

    /** It holds a bare CR or a bare LF (RFC 5321 2.3.8). */
    record BareLineEnd() implements Data {}

    /** A line is longer than {@link #MAX_DATA_LINE}. */
    record LineTooLong() implements Data {}

    /** Longer than the size limit; read and dropped up to the end marker. */
    record TooBig() implements Data {}
  }

  /**
   * Reads message data up to the end marker CRLF.CRLF (RFC 5321 4.1.1.4), undoing dot-stuffing
   * (4.5.2). Only CRLF ends a line: a bare LF or CR never ends the data, and marks the message as
   * refused (so that no "smuggled" end marker can split it). At most {@code maxSize} octets are
   * kept; past {@code maxDiscard} octets read in all, throws {@link EOFException} so the session
   * hangs up rather than reading forever.
   */
  Data readData(int maxSize, long maxDiscard) throws IOException {
    var out = new ByteArrayOutputStream(Math.min(maxSize, 64 * 1024));
    boolean bareLineEnd = false;
    boolean lineTooLong = false;
    boolean tooBig = false;
    long total = 0;
    int lineLength = 0;
    boolean lineStart = true;
    while (true) {
      int b = read();
      if (b < 0) {
        throw new EOFException("the client closed the connection in DATA");
      }
      if (++total > maxDiscard) {
        throw new EOFException("the client sent more than " + maxDiscard + " octets of DATA");
      }
      if (lineStart && b == '.') {
        lineStart = false;
        int next = peek();
        if (next == '\r') {
          read();
          if (peek() == '\n') {
            read();
            break;
          }
          bareLineEnd = true;
          continue;
        }
        continue; // a stuffed dot: drop it
      }
      lineStart = false;
      if (b == '\r') {
        if (peek() == '\n') {
          read();
          total++;
          lineStart = true;
          lineLength = 0;
          if (!tooBig) {
            out.write('\r');
            out.write('\n');
          }
        } else {
          bareLineEnd = true;
        }
        continue;
      }
      if (b == '\n') {
        bareLineEnd = true;
        continue;
      }
      if (++lineLength > MAX_DATA_LINE) {
        lineTooLong = true;
      }
      if (!tooBig) {
        if (out.size() >= maxSize) {
          tooBig = true;
          out.reset();
        } else {
          out.write(b);
        }
      }
    }
    if (tooBig || out.size() > maxSize) {
      return new Data.TooBig();
    }
    if (bareLineEnd) {
      return new Data.BareLineEnd();
    }
    if (lineTooLong) {
      return new Data.LineTooLong();
    }
    return new Data.Message(out.toByteArray());
  }

  private int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  private int peek() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
