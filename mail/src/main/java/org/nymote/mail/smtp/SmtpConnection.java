package org.nymote.mail.smtp;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads commands, hands them to its {@link SmtpSession}, writes the
 * replies, and does what the session's steps ask (read DATA, start TLS, run an AUTH exchange).
 * Runs on its own (virtual) thread, which owns the socket and the session. Replies are flushed
 * only when the client has nothing more in flight, which is all PIPELINING needs (RFC 2920).
 */
final class SmtpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpConnection.class);

  private final SmtpConfig config;
  private final Socket raw;
  private Socket socket;
  private SmtpInput in;
  private OutputStream out;
  private SmtpSession session;
  private int errors;
  private int commands;

  SmtpConnection(SmtpConfig config, Socket raw) {
    this.config = config;
    this.raw = raw;
    this.socket = raw;
  }

  /** Serves the client until it quits, breaks a limit, times out or goes away; closes the socket. */
  void serve() {
    String peer = raw.getInetAddress().getHostAddress();
    try {
      if (config.loopbackOnly() && !raw.getInetAddress().isLoopbackAddress()) {
        raw.getOutputStream()
            .write(SmtpReply.of(421, "4.7.0", "Only local clients may connect").encode());
        return;
      }
      raw.setSoTimeout((int) config.limits().commandTimeout().toMillis());
      if (config.implicitTls()) {
        startTls();
      }
      streams();
      session = new SmtpSession(config, peer, config.implicitTls());
      write(session.greeting());
      converse();
    } catch (SocketTimeoutException e) {
      tryToSay(SmtpReply.of(421, "4.4.2", config.hostname() + " timeout, closing"));
    } catch (EOFException e) {
      LOG.debug("{} went away: {}", peer, e.getMessage());
    } catch (IOException e) {
      LOG.debug("connection from {} failed: {}", peer, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("bug serving {}", peer, e);
      tryToSay(SmtpReply.of(421, "4.3.0", "Local error, closing"));
    } finally {
      closeQuietly();
    }
  }

  private void converse() throws IOException, InterruptedException {
    var limits = config.limits();
    for (commands = 1; ; commands++) {
      if (!in.buffered()) {
        out.flush();
      }
      socket.setSoTimeout((int) limits.commandTimeout().toMillis());
      String line;
      try {
        line = in.readLine(limits.maxCommandLine());
      } catch (SmtpInput.LineTooLongException e) {
        if (!refuse(SmtpReply.of(500, "5.5.6", "Line too long"))) {
          return;
        }
        continue;
      }
      if (commands > limits.maxCommands()) {
        say(SmtpReply.of(421, "4.7.0", "Too many commands, closing"));
        return;
      }
      SmtpSession.Step step;
      try {
        step = session.handle(SmtpParser.parse(line));
      } catch (SmtpException e) {
        if (!refuse(e.reply())) {
          return;
        }
        continue;
      }
      if (!follow(step)) {
        return;
      }
    }
  }

  /** Does what {@code step} asks; false when the connection is to close. */
  private boolean follow(SmtpSession.Step step) throws IOException, InterruptedException {
    while (true) {
      switch (step) {
        case SmtpSession.Step.Reply r -> {
          write(r.reply());
          if (r.close()) {
            out.flush();
          }
          return !r.close();
        }
        case SmtpSession.Step.ReadData r -> {
          write(r.reply());
          out.flush();
          socket.setSoTimeout((int) config.limits().dataTimeout().toMillis());
          int max = config.limits().maxMessageSize();
          var data = in.readData(max, 2L * max + (1 << 20));
          for (SmtpReply reply : session.data(data)) {
            write(reply);
          }
          commands = 0; // the limit is on commands between messages, not on a busy connection
          return true;
        }
        case SmtpSession.Step.StartTls r -> {
          say(r.reply());
          // Whatever the client sent after STARTTLS in plain text is dropped with the old
          // reader (RFC 3207 4.2: no command injection across the upgrade).
          startTls();
          streams();
          session.tlsStarted();
          return true;
        }
        case SmtpSession.Step.Challenge r -> {
          say(r.reply());
          String line = in.readLine(config.limits().maxCommandLine());
          try {
            step = session.authResponse(line);
          } catch (SmtpException e) {
            return refuse(e.reply());
          }
        }
      }
    }
  }

  /** Sends a refusal, slowing failed logins down; false when the connection is to close. */
  private boolean refuse(SmtpReply reply) throws IOException, InterruptedException {
    if (reply.code() == 535) {
      out.flush();
      Thread.sleep(config.limits().authFailureDelay());
      if (session.authFailuresExhausted()) {
        say(SmtpReply.of(421, "4.7.0", "Too many failed logins, closing"));
        return false;
      }
    }
    write(reply);
    if (reply.permanent() && ++errors >= config.limits().maxErrors()) {
      say(SmtpReply.of(421, "4.7.0", "Too many errors, closing"));
      return false;
    }
    return true;
  }

  private void startTls() throws IOException {
    var factory = config.tls().getSocketFactory();
    var tls = (SSLSocket)
        factory.createSocket(socket, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
    tls.setUseClientMode(false);
    tls.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    tls.startHandshake();
    socket = tls;
  }

  private void streams() throws IOException {
    in = new SmtpInput(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream(), 8192);
  }

  private void write(SmtpReply reply) throws IOException {
    out.write(reply.encode());
  }

  private void say(SmtpReply reply) throws IOException {
    write(reply);
    out.flush();
  }

  private void tryToSay(SmtpReply reply) {
    try {
      if (out != null) {
        say(reply);
      }
    } catch (IOException e) {
      // The client is gone anyway.
    }
  }

  private void closeQuietly() {
    try {
      socket.close();
      raw.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }
}
