package org.nymote.server.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port on 127.0.0.1 whose every connection goes on through a new relay session: the HTTP
 * transport (JGit's) connects here and runs its TLS with the far device through it, so the relay
 * sees only that TLS. Lives for one sync. Thread-safe.
 */
public final class LoopbackForwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackForwarder.class);
  private static final int MAX_CONNECTIONS = 8;

  /** Opens a session to the far device. */
  @FunctionalInterface
  public interface Opener {
    Socket open() throws IOException;
  }

  private final ServerSocket server;
  private final Opener opener;
  private final Duration idle;
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
  private volatile IOException lastFailure;

  private LoopbackForwarder(ServerSocket server, Opener opener, Duration idle) {
    this.server = server;
    this.opener = opener;
    this.idle = idle;
  }

  public static LoopbackForwarder start(Opener opener, Duration idle) throws IOException {
    var server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    var forwarder = new LoopbackForwarder(server, opener, idle);
    Thread.ofVirtual().name("relay-forward").start(forwarder::accept);
    return forwarder;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Why the last session could not be opened, if one could not: the transport sees only EOF. */
  public IOException lastFailure() {
    return lastFailure;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket local;
      try {
        local = server.accept();
      } catch (IOException e) {
        continue;
      }
      if (!connections.tryAcquire()) {
        Splice.closeQuietly(local);
        continue;
      }
      Thread.ofVirtual().name("relay-forward").start(() -> {
        try {
          Socket far = opener.open();
          Splice.run(local, far, idle, Long.MAX_VALUE);
        } catch (IOException e) {
          lastFailure = e;
          LOG.info("relay session failed: {}", e.getMessage());
          Splice.closeQuietly(local);
        } finally {
          connections.release();
        }
      });
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
