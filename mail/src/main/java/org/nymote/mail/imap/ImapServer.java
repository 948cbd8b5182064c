package org.nymote.mail.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLServerSocket;
import org.nymote.mail.imap.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IMAP server: a plain port (STARTTLS required before login) and an implicit-TLS port, each
 * with an acceptor thread, and one virtual thread per connection. At most {@link
 * ImapConfig#maxConnections} connections at once; more are told BYE. Close stops accepting and
 * closes every connection.
 */
public final class ImapServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapServer.class);

  /** A bound listener: {@code imap} or {@code imaps} and its port. */
  public record Bound(String service, int port) {}

  private final ImapConfig config;
  private final LoginThrottle throttle = new LoginThrottle();
  private final List<ServerSocket> servers = new ArrayList<>();
  private final List<Bound> bound = new ArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Semaphore slots;
  private volatile boolean closed;

  private ImapServer(ImapConfig config) {
    this.config = config;
    this.slots = new Semaphore(config.maxConnections());
  }

  /** Binds the ports and starts accepting. */
  public static ImapServer start(ImapConfig config) throws IOException {
    ImapServer s = new ImapServer(config);
    try {
      InetAddress host = InetAddress.getByName(config.host());
      if (config.port() >= 0) {
        ServerSocket plain = new ServerSocket();
        plain.bind(new InetSocketAddress(host, config.port()), 128);
        s.listen("imap", plain, false);
      }
      if (config.tlsPort() >= 0) {
        SSLServerSocket tls =
            (SSLServerSocket) config.ssl().getServerSocketFactory().createServerSocket();
        tls.bind(new InetSocketAddress(host, config.tlsPort()), 128);
        s.listen("imaps", tls, true);
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  public List<Bound> bound() {
    return List.copyOf(bound);
  }

  private void listen(String service, ServerSocket server, boolean tls) {
    servers.add(server);
    bound.add(new Bound(service, server.getLocalPort()));
    Thread.ofPlatform().daemon().name("imap-accept-" + service).start(() -> accept(server, tls));
  }

  private void accept(ServerSocket server, boolean tls) {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("IMAP accept failed: {}", e.toString());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        Thread.ofVirtual().start(() -> refuse(socket));
        continue;
      }
      open.add(socket);
      Thread.ofVirtual().name("imap-session").start(() -> {
        try {
          new Session(config, throttle, socket, tls).run();
        } catch (IOException | RuntimeException e) {
          LOG.debug("IMAP session failed: {}", e.toString());
        } finally {
          open.remove(socket);
          slots.release();
          try {
            socket.close();
          } catch (IOException e) {
            LOG.debug("close: {}", e.toString());
          }
        }
      });
    }
  }

  private static void refuse(Socket socket) {
    try (socket) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write("* BYE too many connections\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (IOException e) {
      LOG.debug("refuse: {}", e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ServerSocket s : servers) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("close: {}", e.toString());
      }
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("close: {}", e.toString());
      }
    }
  }
}
