package org.nymote.mail.smtp.queue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.nymote.mail.smtp.MailAddress;

/**
 * Hands one message to one mail host (RFC 5321 3.3), with STARTTLS whenever the host offers it.
 * That TLS is opportunistic (RFC 7435, like Postfix's {@code may} level): it keeps the message
 * from passive eavesdroppers but does not check the host's certificate, since MX hosts are not
 * named by anything the sender can verify without DANE or MTA-STS. One call, one connection.
 */
final class SmtpClient {
  /** How one recipient fared. */
  enum Kind {
    DELIVERED,
    TEMPORARY,
    PERMANENT
  }

  record Outcome(MailAddress to, Kind kind, String reply) {}

  private static final int MAX_REPLY_LINES = 100;

  private final String helo;
  private final Duration timeout;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  SmtpClient(String helo, Duration timeout) {
    this.helo = helo;
    this.timeout = timeout;
  }

  /**
   * Sends {@code message} to {@code host}; one outcome per recipient. Throws when the host cannot
   * be reached or breaks off before taking the message, so the caller tries another.
   */
  List<Outcome> send(
      InetSocketAddress host, Optional<MailAddress> from, List<MailAddress> to, byte[] message)
      throws IOException {
    var address =
        host.isUnresolved() ? new InetSocketAddress(host.getHostString(), host.getPort()) : host;
    try (var s = new Socket()) {
      s.connect(address, (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      socket = s;
      streams();
      return converse(from, to, message);
    } finally {
      if (socket != null) {
        socket.close();
      }
    }
  }

  private List<Outcome> converse(Optional<MailAddress> from, List<MailAddress> to, byte[] message)
      throws IOException {
    expect(reply(), "greeting");
    List<String> extensions = hello();
    if (extensions.contains("STARTTLS")) {
      command("STARTTLS");
      expect(reply(), "STARTTLS");
      startTls();
      extensions = hello();
    }
    String mail = "MAIL FROM:<" + from.map(MailAddress::toString).orElse("") + ">";
    if (extensions.stream().anyMatch(e -> e.startsWith("SIZE"))) {
      mail += " SIZE=" + message.length;
    }
    if (extensions.contains("8BITMIME")) {
      mail += " BODY=8BITMIME";
    }
    command(mail);
    Reply mailReply = reply();
    if (mailReply.code >= 400) {
      return all(to, mailReply);
    }
    List<Outcome> outcomes = new ArrayList<>();
    List<MailAddress> accepted = new ArrayList<>();
    for (MailAddress rcpt : to) {
      command("RCPT TO:<" + rcpt + ">");
      Reply r = reply();
      if (r.code < 300) {
        accepted.add(rcpt);
      } else {
        outcomes.add(new Outcome(rcpt, kind(r), r.text));
      }
    }
    if (accepted.isEmpty()) {
      quit();
      return outcomes;
    }
    command("DATA");
    Reply data = reply();
    if (data.code != 354) {
      outcomes.addAll(all(accepted, data));
      return outcomes;
    }
    writeStuffed(message);
    Reply done = reply();
    for (MailAddress rcpt : accepted) {
      outcomes.add(new Outcome(rcpt, done.code < 300 ? Kind.DELIVERED : kind(done), done.text));
    }
    quit();
    return outcomes;
  }

  private List<String> hello() throws IOException {
    command("EHLO " + helo);
    Reply ehlo = reply();
    if (ehlo.code != 250) {
      command("HELO " + helo);
      expect(reply(), "HELO");
      return List.of();
    }
    List<String> extensions = new ArrayList<>();
    for (String line : ehlo.lines.subList(1, ehlo.lines.size())) {
      extensions.add(line.toUpperCase(java.util.Locale.ROOT));
    }
    return extensions;
  }

  private void startTls() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Opportunistic()}, null);
      var tls = (SSLSocket) context
          .getSocketFactory()
          .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
      tls.setUseClientMode(true);
      tls.startHandshake();
      socket = tls;
      streams();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot start TLS: " + e.getMessage(), e);
    }
  }

  /** Dot-stuffs (RFC 5321 4.5.2) and ends the data with CRLF.CRLF. */
  private void writeStuffed(byte[] message) throws IOException {
    boolean lineStart = true;
    for (byte b : message) {
      if (lineStart && b == '.') {
        out.write('.');
      }
      out.write(b);
      lineStart = b == '\n';
    }
    if (!lineStart) {
      out.write(new byte[] {'\r', '\n'});
    }
    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void quit() {
    try {
      command("QUIT");
      reply();
    } catch (IOException e) {
      // The message is handed over already; a lost QUIT changes nothing.
    }
  }

  private static List<Outcome> all(List<MailAddress> to, Reply reply) {
    return to.stream().map(t -> new Outcome(t, kind(reply), reply.text)).toList();
  }

  private static Kind kind(Reply reply) {
    return reply.code >= 500 ? Kind.PERMANENT : Kind.TEMPORARY;
  }

  private static void expect(Reply reply, String what) throws IOException {
    if (reply.code >= 400) {
      throw new IOException(what + " refused: " + reply.text);
    }
  }

  private void command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private record Reply(int code, List<String> lines, String text) {}

  private Reply reply() throws IOException {
    List<String> lines = new ArrayList<>();
    while (lines.size() < MAX_REPLY_LINES) {
      String line = line();
      if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
        throw new IOException("not an SMTP reply: " + line);
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() < 4 || line.charAt(3) != '-') {
        int code = Integer.parseInt(line.substring(0, 3));
        return new Reply(code, lines, line);
      }
    }
    throw new IOException("a reply of more than " + MAX_REPLY_LINES + " lines");
  }

  private String line() throws IOException {
    var line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("the server closed the connection");
      }
      if (line.size() > 4096) {
        throw new IOException("a reply line too long");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private void streams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Accepts any certificate: encryption without authentication, see the class comment. */
  private static final class Opportunistic implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
