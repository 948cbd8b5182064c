package org.nymote.mail.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP, submission or LMTP listener: accepts connections and serves each on its own virtual
 * thread ({@link SmtpConnection}), at most {@link SmtpLimits#maxConnections} at once (the others
 * hear 421 and are closed). Started by {@link #start}; {@link #close} stops accepting and closes
 * the open connections. Thread-safe.
 */
public final class SmtpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);

  private final SmtpConfig config;
  private final ServerSocket listener;
  private final Semaphore slots;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private SmtpServer(SmtpConfig config, ServerSocket listener) {
    this.config = config;
    this.listener = listener;
    this.slots = new Semaphore(config.limits().maxConnections());
    this.acceptor = Thread.ofVirtual()
        .name("smtp-accept-" + config.mode().name().toLowerCase(java.util.Locale.ROOT))
        .unstarted(this::accept);
  }

  /** Listens on {@code host:port} (port 0: any free one) and starts accepting. */
  public static SmtpServer start(SmtpConfig config, InetAddress host, int port) throws IOException {
    var socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port), 128);
    } catch (IOException e) {
      socket.close();
      throw new IOException(
          "cannot listen on " + host.getHostAddress() + ":" + port + " for " + config.mode() + ": "
              + e.getMessage(),
          e);
    }
    var server = new SmtpServer(config, socket);
    server.acceptor.start();
    return server;
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("{} listener failed: {}", config.mode(), e.toString());
        }
        return;
      }
      if (!slots.tryAcquire()) {
        refuseBusy(client);
        continue;
      }
      open.add(client);
      Thread.ofVirtual().name("smtp-" + client.getRemoteSocketAddress()).start(() -> {
        try {
          new SmtpConnection(config, client).serve();
        } finally {
          open.remove(client);
          slots.release();
        }
      });
    }
  }

  private static void refuseBusy(Socket client) {
    try (client) {
      client
          .getOutputStream()
          .write(SmtpReply.of(421, "4.7.0", "Too many connections, try again later")
              .encode());
    } catch (IOException e) {
      // Gone already.
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the listener: {}", e.toString());
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing anyway.
      }
    }
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
