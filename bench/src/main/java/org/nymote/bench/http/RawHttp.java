package org.nymote.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: the smallest client that can drive
 * a server, so that on a 2-core machine the load generator takes as little CPU from the server as
 * it can (as wrk would), and a figure measures the server rather than the client. {@code
 * java.net.http.HttpClient} costs several times more per request, and more again until its own
 * code is compiled: the 10,000-event year query (a 640 kB chunked reply) measured 18-24 ms over
 * its first 20 requests with it and 9-15 ms after, against 6-13 ms with this client from the first
 * (medians of ten, the same serve).
 * Reads {@code Content-Length} and chunked bodies; reconnects after {@code Connection: close} or
 * on the next request after a failure. Not thread-safe: one per client.
 */
public final class RawHttp implements AutoCloseable {
  /** A status and, when kept, the body. */
  public record Response(int status, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final byte[] NONE = new byte[0];

  private final InetSocketAddress address;
  private final byte[] commonHeaders;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final byte[] buffer = new byte[16384];
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream(1 << 16);

  /** A client whose every request carries {@code Authorization: authorization}. */
  public RawHttp(InetSocketAddress address, String authorization) {
    this.address = address;
    this.commonHeaders = ("Host: 127.0.0.1:" + address.getPort() + "\r\nAuthorization: "
            + authorization + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends one request with an octet-stream body (or none), reads and drops the answer's body. */
  public int send(String method, String target, byte[] body) throws IOException {
    Map<String, String> headers =
        body == null ? Map.of() : Map.of("Content-Type", "application/octet-stream");
    return exchange(method, target, headers, body, false).status();
  }

  /** Sends one request with these headers and body (or none); the answer with its whole body. */
  public Response exchange(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    return exchange(method, target, headers, body, true);
  }

  private Response exchange(
      String method, String target, Map<String, String> headers, byte[] body, boolean keep)
      throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      writeRequest(method, target, headers, body);
      return readResponse(method, keep);
    } catch (IOException | RuntimeException e) {
      close(); // the connection's state is unknown: the next request opens a new one
      throw e;
    }
  }

  private void writeRequest(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head =
        new StringBuilder(160).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.write(commonHeaders);
    out.write('\r');
    out.write('\n');
    if (body != null) {
      out.write(body);
    }
    out.flush();
  }

  private Response readResponse(String method, boolean keep) throws IOException {
    String status = readLine();
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new IOException("not an HTTP/1 status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = status.startsWith("HTTP/1.0");
    for (String h = readLine(); !h.isEmpty(); h = readLine()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        close = value.equalsIgnoreCase("close");
      }
    }
    kept.reset();
    boolean bodyless = code == 204 || code == 304 || method.equals("HEAD") || code / 100 == 1;
    if (chunked) {
      for (long n = chunkSize(); n > 0; n = chunkSize()) {
        read(n, keep);
        readLine();
      }
      while (!readLine().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      read(length, keep);
    } else if (length < 0 && !bodyless) {
      close = true; // the body runs to the end of the connection
      for (int r; (r = in.read(buffer)) >= 0; ) {
        if (keep) {
          kept.write(buffer, 0, r);
        }
      }
    }
    if (close) {
      close();
    }
    return new Response(code, keep ? kept.toByteArray() : NONE);
  }

  private long chunkSize() throws IOException {
    String s = readLine();
    int semi = s.indexOf(';');
    return Long.parseLong((semi < 0 ? s : s.substring(0, semi)).trim(), 16);
  }

  private void read(long n, boolean keep) throws IOException {
    while (n > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
      if (r < 0) {
        throw new EOFException("the server closed the connection mid-body");
      }
      if (keep) {
        kept.write(buffer, 0, r);
      }
      n -= r;
    }
  }

  private String readLine() throws IOException {
    line.reset();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the server closed the connection");
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(300_000);
    in = new BufferedInputStream(socket.getInputStream(), 16384);
    out = new BufferedOutputStream(socket.getOutputStream(), 16384);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
