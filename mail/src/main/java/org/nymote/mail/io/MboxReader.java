package org.nymote.mail.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an mbox file one message at a time, as the mboxrd format has it: every line that starts
 * with {@code From } begins a message; {@code >From }, {@code >>From } ... lose one {@code >}; the
 * one newline before the next {@code From } line is the separator, not part of the message. The
 * internal date comes from the {@code From } line, flags from mutt's {@code Status:} and {@code
 * X-Status:} headers (which stay in the message). Owned by one thread.
 */
public final class MboxReader implements AutoCloseable {
  static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
  private static final int MAX_LINE = 1 << 20;

  private final InputStream in;
  private byte[] pending;
  private long consumed;

  public MboxReader(InputStream in) {
    this.in = new BufferedInputStream(in, 64 * 1024);
  }

  /** Octets read so far, for progress. */
  public long consumed() {
    return consumed;
  }

  /** The next message, or empty at the end of the file. */
  public Optional<MessageFile> next() throws IOException {
    byte[] from = pending != null ? pending : line();
    pending = null;
    while (from != null && !isFromLine(from)) {
      if (!blank(from)) {
        throw new IOException("not an mbox file: it does not start with a 'From ' line");
      }
      from = line();
    }
    if (from == null) {
      return Optional.empty();
    }
    var message = new ByteArrayOutputStream();
    for (byte[] line; (line = line()) != null; ) {
      if (isFromLine(line)) {
        pending = line;
        break;
      }
      if (quoted(line)) {
        message.write(line, 1, line.length - 1);
      } else {
        message.write(line);
      }
    }
    byte[] bytes = message.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
      bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1); // the separator
    }
    return Optional.of(new MessageFile(LineEnds.toCrlf(bytes), flags(bytes), date(from)));
  }

  private static boolean isFromLine(byte[] line) {
    return line.length >= 5
        && line[0] == 'F'
        && line[1] == 'r'
        && line[2] == 'o'
        && line[3] == 'm'
        && line[4] == ' ';
  }

  /** {@code >+From }: quoted by the writer. */
  private static boolean quoted(byte[] line) {
    int i = 0;
    while (i < line.length && line[i] == '>') {
      i++;
    }
    return i > 0
        && line.length - i >= 5
        && line[i] == 'F'
        && line[i + 1] == 'r'
        && line[i + 2] == 'o'
        && line[i + 3] == 'm'
        && line[i + 4] == ' ';
  }

  private static boolean blank(byte[] line) {
    for (byte b : line) {
      if (b != '\n' && b != '\r' && b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** The date at the end of {@code From sender Mon Nov 23 22:00:00 2026}; now if unreadable. */
  private static Instant date(byte[] fromLine) {
    String text = new String(fromLine, StandardCharsets.ISO_8859_1).strip();
    if (text.length() >= 24) {
      try {
        return LocalDateTime.parse(text.substring(text.length() - 24), ASCTIME)
            .toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    return Instant.now();
  }

  /** Flags from the header's Status: (R seen) and X-Status: (A answered, F flagged, T draft, D). */
  private static Set<String> flags(byte[] message) {
    Set<String> flags = new TreeSet<>();
    String text = new String(message, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\n\n");
    for (String line : (end < 0 ? text : text.substring(0, end)).split("\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("status:")) {
        if (line.substring(7).contains("R")) {
          flags.add("\\Seen");
        }
      } else if (lower.startsWith("x-status:")) {
        String v = line.substring(9);
        if (v.contains("A")) {
          flags.add("\\Answered");
        }
        if (v.contains("F")) {
          flags.add("\\Flagged");
        }
        if (v.contains("T")) {
          flags.add("\\Draft");
        }
        if (v.contains("D")) {
          flags.add("\\Deleted");
        }
      }
    }
    return flags;
  }

  /** One line with its LF (the last may lack it), or null at the end. */
  private byte[] line() throws IOException {
    var line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) >= 0) {
      consumed++;
      line.write(b);
      if (b == '\n') {
        break;
      }
      if (line.size() > MAX_LINE) {
        throw new IOException("a line longer than " + MAX_LINE + " octets: not an mbox file?");
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
