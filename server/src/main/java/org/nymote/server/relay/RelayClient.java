package org.nymote.server.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.nymote.server.devices.DeviceIdentity;
import org.nymote.server.devices.PinnedDeviceTrust;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.DeviceTls;

/**
 * The client side of a relay: asks it over mutual TLS (this device's certificate, the relay pinned
 * as the device it should be) to {@link #connect} to a device, or to {@link #listen} for sessions
 * to this one; and opens a session's plain data connection ({@link #join}), on which the two ends
 * then run their own TLS. Requests are HTTP/1.0 on one TLS socket, so a read timeout bounds every
 * wait, the long-lived listen included.
 */
public final class RelayClient {
  /** How long to wait to connect, and for an answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final int MAX_LINE = 1024;

  private final URI relay;
  private final SSLContext tls;
  private final DeviceName relayDevice;

  /**
   * @param relay the relay's device-sync base URL ({@code https://HOST:PORT/...})
   * @param trust the relay device pinned
   */
  public RelayClient(URI relay, DeviceIdentity identity, PinnedDeviceTrust trust) {
    this.relay = relay;
    this.tls = DeviceTls.context(identity.keyManager(), trust);
    this.relayDevice = trust.expected();
  }

  public String host() {
    return relay.getHost().replaceAll("^\\[|\\]$", "");
  }

  public DeviceName device() {
    return relayDevice;
  }

  /** A request in progress: its status, then its body line by line. */
  public static final class Exchange implements AutoCloseable {
    private final SSLSocket socket;
    private final BufferedReader body;
    private final int status;

    Exchange(SSLSocket socket, BufferedReader body, int status) {
      this.socket = socket;
      this.body = body;
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** The next line of the body, or null at its end; waits at most {@code wait}. */
    public String line(Duration wait) throws IOException {
      socket.setSoTimeout((int) wait.toMillis());
      String line = body.readLine();
      if (line != null && line.length() > MAX_LINE) {
        throw new IOException("the relay sent a line too long");
      }
      return line;
    }

    @Override
    public void close() {
      Splice.closeQuietly(socket);
    }
  }

  /** Sends {@code POST pathAndQuery} and reads the status and headers. */
  Exchange post(String pathAndQuery) throws IOException {
    int port = relay.getPort() < 0 ? 443 : relay.getPort();
    var plain = new Socket();
    SSLSocket socket;
    try {
      plain.connect(new InetSocketAddress(host(), port), (int) TIMEOUT.toMillis());
      plain.setSoTimeout((int) TIMEOUT.toMillis());
      socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host(), port, true);
      socket.startHandshake();
    } catch (SSLHandshakeException e) {
      Splice.closeQuietly(plain);
      throw new IOException(
          "relay " + relayDevice + " at " + host() + ":" + port + " refused: " + reason(e));
    } catch (IOException e) {
      Splice.closeQuietly(plain);
      throw new IOException("cannot reach relay " + relayDevice + " at " + host() + ":" + port
          + ": " + e.getMessage());
    }
    try {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + pathAndQuery + " HTTP/1.0\r\nHost: " + host() + "\r\n"
              + "Content-Length: 0\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      var in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 4096);
      String status = in.readLine();
      if (status == null || !status.matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
        throw new IOException("relay " + relayDevice + " sent no HTTP answer");
      }
      int headers = 0;
      for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
        if (++headers > 100 || h.length() > MAX_LINE) {
          throw new IOException("relay " + relayDevice + " sent too many headers");
        }
      }
      return new Exchange(socket, in, Integer.parseInt(status.substring(9, 12)));
    } catch (IOException e) {
      Splice.closeQuietly(socket);
      throw e;
    }
  }

  /** A session's token and the relay port to join it on. */
  public record Session(String token, int port) {
    static Session parse(String line, String what) throws IOException {
      String[] parts = line == null ? new String[0] : line.strip().split(" ");
      if (parts.length != 2 || !parts[0].matches("[0-9a-f]{32}") || !parts[1].matches("\\d{1,5}")) {
        throw new IOException(what + " is not a relay session");
      }
      return new Session(parts[0], Integer.parseInt(parts[1]));
    }
  }

  /** Asks the relay for a session to {@code device}; throws with the relay's reason. */
  public Session connect(DeviceName device) throws IOException {
    try (Exchange exchange = post("/relay/connect?device=" + device)) {
      String line = exchange.line(TIMEOUT);
      if (exchange.status() != 200) {
        throw new IOException("relay " + relayDevice + " refused (" + exchange.status() + "): "
            + (line == null ? "" : line.strip()));
      }
      return Session.parse(line, "the relay's answer");
    }
  }

  /** Attaches this device to the relay: the caller reads {@code session} and {@code ping} lines. */
  public Exchange listen() throws IOException {
    Exchange exchange = post("/relay/listen");
    if (exchange.status() != 200) {
      String line = exchange.line(TIMEOUT);
      exchange.close();
      throw new IOException("relay " + relayDevice + " refused to attach this device ("
          + exchange.status() + "): " + (line == null ? "" : line.strip()));
    }
    return exchange;
  }

  /**
   * Opens {@code session}'s data connection to the relay and waits until the other end is there
   * too; the socket then carries only the two ends' bytes.
   */
  public Socket join(Session session) throws IOException {
    var socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host(), session.port()), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) (TIMEOUT.toMillis() * 2));
      socket.setTcpNoDelay(true);
      socket.getOutputStream().write((session.token() + "\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = RelayHub.readLine(socket.getInputStream(), MAX_LINE);
      if (!"ok".equals(answer)) {
        throw new IOException("relay " + relayDevice + ": "
            + (answer == null ? "the session closed" : answer.replaceFirst("^error ", "")));
      }
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException e) {
      Splice.closeQuietly(socket);
      throw e;
    }
  }

  /** A session to {@code device}, ready for the TLS of the two ends. */
  public Socket open(DeviceName device) throws IOException {
    return join(connect(device));
  }

  static String reason(SSLHandshakeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException c && c.getMessage() != null) {
        return c.getMessage();
      }
    }
    return e.getMessage();
  }
}
