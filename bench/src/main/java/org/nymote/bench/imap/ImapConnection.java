package org.nymote.bench.imap;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny tagged IMAP client over implicit TLS: sends one command (with an optional LITERAL+
 * literal) and reads the response up to its tagged line, with server literals read by their
 * announced length. Enough for a load generator; not an IMAP library. Every line is bounded
 * ({@link #MAX_LINE}) and every read has a timeout.
 */
final class ImapConnection implements AutoCloseable {
  static final int MAX_LINE = 1 << 20;
  static final int MAX_LITERAL = 64 << 20;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private int tag;

  /**
   * The tagged status (OK, NO, BAD), the rest of the tagged line, and the untagged lines before it
   * (literals inline, as text).
   */
  record Response(String status, String text, List<String> untagged) {
    boolean ok() {
      return status.equals("OK");
    }
  }

  ImapConnection(SSLContext tls, InetSocketAddress address) throws IOException {
    SSLSocket s =
        (SSLSocket) tls.getSocketFactory().createSocket(address.getAddress(), address.getPort());
    s.setSoTimeout(120_000);
    s.setTcpNoDelay(true);
    s.startHandshake();
    this.socket = s;
    this.in = new BufferedInputStream(s.getInputStream(), 64 << 10);
    this.out = new BufferedOutputStream(s.getOutputStream(), 64 << 10);
    String greeting = readLine(in);
    if (!greeting.startsWith("* OK")) {
      socket.close();
      throw new IOException("unexpected greeting: " + greeting);
    }
  }

  /** For tests: a connection over given streams (the greeting already read or absent). */
  ImapConnection(InputStream in, OutputStream out) {
    this.socket = null;
    this.in = in;
    this.out = out;
  }

  Response command(String command) throws IOException {
    return command(command, null);
  }

  /** Sends {@code command}, followed by {@code literal} as a LITERAL+ literal when not null. */
  Response command(String command, byte[] literal) throws IOException {
    String t = "a" + (++tag);
    out.write((t + " " + command).getBytes(StandardCharsets.UTF_8));
    if (literal != null) {
      out.write((" {" + literal.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(literal);
    }
    out.write(CRLF);
    out.flush();
    return read(in, t);
  }

  private static final byte[] CRLF = {'\r', '\n'};

  /** Reads untagged and continuation lines until the line tagged {@code tag}. */
  static Response read(InputStream in, String tag) throws IOException {
    List<String> untagged = new ArrayList<>();
    String prefix = tag + " ";
    while (true) {
      String line = readResponseLine(in);
      if (line.startsWith(prefix)) {
        String rest = line.substring(prefix.length());
        int space = rest.indexOf(' ');
        return space < 0
            ? new Response(rest, "", untagged)
            : new Response(rest.substring(0, space), rest.substring(space + 1), untagged);
      }
      untagged.add(line);
    }
  }

  /** One response line with any literals it announces appended in place. */
  private static String readResponseLine(InputStream in) throws IOException {
    StringBuilder whole = new StringBuilder();
    while (true) {
      String line = readLine(in);
      whole.append(line);
      int size = literalSize(line);
      if (size < 0) {
        return whole.toString();
      }
      if (size > MAX_LITERAL) {
        throw new IOException("literal of " + size + " bytes");
      }
      byte[] literal = in.readNBytes(size);
      if (literal.length < size) {
        throw new IOException("connection closed in a literal");
      }
      whole.append("\r\n").append(new String(literal, StandardCharsets.ISO_8859_1));
    }
  }

  /** The size of a literal announced at the end of {@code line} ({@code {123}}), or -1. */
  static int literalSize(String line) {
    if (!line.endsWith("}")) {
      return -1;
    }
    int open = line.lastIndexOf('{');
    if (open < 0 || open >= line.length() - 2) {
      return -1;
    }
    String digits = line.substring(open + 1, line.length() - 1);
    if (digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    long size = Long.parseLong(digits);
    return size > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) size;
  }

  /** A line without its CRLF; at most {@link #MAX_LINE} bytes. */
  static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("response line over " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      try {
        command("LOGOUT");
      } catch (IOException e) {
        // closing anyway
      }
      socket.close();
    }
  }
}
