package org.nymote.mail.imap.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads whole commands from a client: lines, and the literals they announce ({@code {n}} after a
 * continuation request, {@code {n+}} at once: RFC 3501 4.3, RFC 7888), inline in one byte array
 * that {@link Parser} reads. Enforces {@link Limits}: a line or literal past them is refused with
 * the command's tag and the connection stays usable where the protocol allows. Not thread-safe.
 */
public final class CommandReader {
  /** Sends a continuation request before a synchronizing literal. */
  @FunctionalInterface
  public interface Continuation {
    void ready() throws IOException;
  }

  /** What a read gives: a command's bytes, or a refusal to send with its tag. */
  public sealed interface Read {}

  public record Command(byte[] bytes) implements Read {}

  public record Refused(String tag, ImapException reason) implements Read {}

  private final InputStream in;
  private final Limits limits;

  public CommandReader(InputStream in, Limits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** The next command, or null at the end of the stream. */
  public Read read(Continuation continuation) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      byte[] line = readLine();
      if (line == null) {
        if (buf.size() == 0) {
          return null;
        }
        throw new EOFException("the client closed the connection mid-command");
      }
      if (line.length > limits.maxLine()) {
        buf.write(line, 0, Math.min(line.length, 200));
        return new Refused(tagOf(buf), ImapException.bad("line too long"));
      }
      buf.write(line);
      long[] literal = literalAtEnd(line);
      if (literal == null) {
        return new Command(buf.toByteArray());
      }
      long n = literal[0];
      boolean nonSync = literal[1] == 1;
      if (n > limits.maxLiteral() || buf.size() + n > limits.maxCommand()) {
        String tag = tagOf(buf);
        if (nonSync) {
          skip(n);
          skipRestOfCommand();
        }
        return new Refused(
            tag,
            ImapException.no(
                "TOOBIG",
                "literal of " + n + " bytes is over the limit of " + limits.maxLiteral()));
      }
      buf.write('\r');
      buf.write('\n');
      if (!nonSync) {
        continuation.ready();
      }
      buf.write(in.readNBytes((int) n));
      if (buf.size() < n) {
        throw new EOFException("the client closed the connection inside a literal");
      }
    }
  }

  /** Reads one line without its CRLF (for IDLE's DONE and AUTHENTICATE), null at the end. */
  public String readLineText() throws IOException {
    byte[] line = readLine();
    if (line == null) {
      return null;
    }
    return new String(line, 0, Math.min(line.length, limits.maxLine()), StandardCharsets.UTF_8);
  }

  /** A line without CR LF; longer than the limit: its start, past the limit, rest skipped. */
  private byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean over = false;
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        byte[] b = line.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        if (over) {
          return java.util.Arrays.copyOf(b, limits.maxLine() + 1);
        }
        return java.util.Arrays.copyOf(b, len);
      }
      if (line.size() <= limits.maxLine()) {
        line.write(c);
      } else {
        over = true;
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  private void skip(long n) throws IOException {
    if (n > 4 * limits.maxLiteral()) {
      throw new IOException("non-synchronizing literal of " + n + " bytes: closing");
    }
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException("end of stream inside a literal");
        }
        s = 1;
      }
      left -= s;
    }
  }

  private void skipRestOfCommand() throws IOException {
    byte[] line;
    while ((line = readLine()) != null) {
      long[] lit = literalAtEnd(line);
      if (lit == null) {
        return;
      }
      if (lit[1] == 1) {
        skip(lit[0]);
      } else {
        return;
      }
    }
  }

  /** {n} or {n+} at the end of a line: {n, 1 if non-synchronizing}; else null. */
  static long[] literalAtEnd(byte[] line) {
    int end = line.length;
    if (end < 3 || line[end - 1] != '}') {
      return null;
    }
    int i = end - 2;
    boolean plus = line[i] == '+';
    if (plus) {
      i--;
    }
    int digitsEnd = i + 1;
    while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
      i--;
    }
    if (i < 0 || line[i] != '{' || digitsEnd - i - 1 == 0 || digitsEnd - i - 1 > 18) {
      return null;
    }
    long n = Long.parseLong(new String(line, i + 1, digitsEnd - i - 1, StandardCharsets.US_ASCII));
    return new long[] {n, plus ? 1 : 0};
  }

  private static String tagOf(ByteArrayOutputStream buf) {
    String s = buf.toString(StandardCharsets.ISO_8859_1);
    int sp = s.indexOf(' ');
    String tag = sp < 0 ? s : s.substring(0, sp);
    return tag.isEmpty() || tag.length() > 100 || !Parser.isTag(tag) ? "*" : tag;
  }
}
