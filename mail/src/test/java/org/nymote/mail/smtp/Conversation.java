package org.nymote.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
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

/** A client side of an SMTP conversation over a real socket, for transcripts in tests. */
final class Conversation implements AutoCloseable {
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  private Conversation(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    streams();
  }

  static Conversation open(InetSocketAddress address) throws IOException {
    return new Conversation(new Socket(address.getAddress(), address.getPort()));
  }

  static Conversation openTls(InetSocketAddress address, SSLContext tls) throws IOException {
    var socket =
        (SSLSocket) tls.getSocketFactory().createSocket(address.getAddress(), address.getPort());
    socket.startHandshake();
    return new Conversation(socket);
  }

  /** Sends a line with CRLF. */
  Conversation send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  Conversation sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one (maybe multi-line) reply and checks its code; returns its lines. */
  List<String> expect(int code) throws IOException {
    List<String> lines = reply();
    assertThat(lines.getLast()).as("reply %s", lines).startsWith(code + " ");
    return lines;
  }

  /** Sends a line and checks the reply's code and text. */
  String command(String line, int code) throws IOException {
    send(line);
    return String.join("\n", expect(code));
  }

  List<String> reply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = line();
      lines.add(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return lines;
      }
    }
  }

  /** Whether the server has closed the connection. */
  boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  void startTls(SSLContext tls) throws IOException {
    var upgraded = (SSLSocket)
        tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
    upgraded.startHandshake();
    socket = upgraded;
    streams();
  }

  private String line() throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("closed after " + line);
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private void streams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
