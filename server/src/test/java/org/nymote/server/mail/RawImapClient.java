package org.nymote.server.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A minimal IMAP client over implicit TLS (trusting the test server's certificate only), for
 * load in tests: sends a command, returns its response lines with literals inline.
 */
final class RawImapClient implements AutoCloseable {
  private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}$");

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;
  private int tag;

  RawImapClient(int port, Path caFile) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (var pem = Files.newInputStream(caFile)) {
      trusted.setCertificateEntry(
          "nymote", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    readLine(); // greeting
  }

  /** Sends {@code command} (with an optional LITERAL+ literal at its end); returns the lines. */
  List<String> command(String command, byte[] literal) throws IOException {
    String t = "t" + (++tag);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((t + " " + command).getBytes(StandardCharsets.UTF_8));
    if (literal != null) {
      b.write((" {" + literal.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
      b.write(literal);
    }
    b.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.write(b.toByteArray());
    out.flush();
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      lines.add(line);
      if (line.startsWith(t + " ")) {
        return lines;
      }
    }
  }

  List<String> command(String command) throws IOException {
    return command(command, null);
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        String s = line.toString(StandardCharsets.UTF_8).stripTrailing();
        Matcher m = LITERAL.matcher(s);
        if (m.find()) {
          byte[] lit = in.readNBytes(Integer.parseInt(m.group(1)));
          return s + new String(lit, StandardCharsets.UTF_8) + readLine();
        }
        return s;
      }
      line.write(c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
