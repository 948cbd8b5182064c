package org.nymote.bench.rest;

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

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: the smallest client that can drive
 * the server, so that on a 2-core machine the load generator takes as little CPU from the server as
 * it can (as wrk would; {@code java.net.http.HttpClient} costs several times more per request).
 * Reads {@code Content-Length} and chunked bodies; reconnects after {@code Connection: close}. Not
 * thread-safe: one per client.
 */
final class RawHttp implements AutoCloseable {
  private final InetSocketAddress address;
  private final byte[] commonHeaders;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final byte[] skip = new byte[8192];

  RawHttp(InetSocketAddress address, String token) {
    this.address = address;
    this.commonHeaders = ("Host: 127.0.0.1:" + address.getPort() + "\r\nAuthorization: Bearer "
            + token + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends one request and reads the whole response; returns its status. */
  int send(String method, String target, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    StringBuilder head =
        new StringBuilder(160).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(commonHeaders);
    if (body != null) {
      out.write(
          ("Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
    } else {
      out.write('\r');
      out.write('\n');
    }
    out.flush();

    String status = readLine();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
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
    if (chunked) {
      for (long n = chunkSize(); n > 0; n = chunkSize()) {
        discard(n);
        readLine();
      }
      while (!readLine().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      discard(length);
    } else if (length < 0 && code != 204 && code != 304 && !method.equals("HEAD")) {
      close = true; // body runs to the end of the connection
      while (in.read(skip) >= 0) {
        // drain
      }
    }
    if (close) {
      close();
    }
    return code;
  }

  private long chunkSize() throws IOException {
    String s = readLine();
    int semi = s.indexOf(';');
    return Long.parseLong((semi < 0 ? s : s.substring(0, semi)).trim(), 16);
  }

  private void discard(long n) throws IOException {
    while (n > 0) {
      int r = in.read(skip, 0, (int) Math.min(skip.length, n));
      if (r < 0) {
        throw new EOFException("the server closed the connection mid-body");
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
    socket.setSoTimeout(30_000);
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
