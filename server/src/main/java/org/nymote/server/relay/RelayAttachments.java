package org.nymote.server.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this device attached to its relays while {@code nymote serve} runs: one {@code POST
 * /relay/listen} per relay, renewed with a bounded backoff (1 s doubling to 1 min) whenever it
 * ends; each session the relay announces is joined and piped to this device's own device-sync
 * listener, which runs the TLS with the far device (its certificate, its client check) exactly as
 * for a direct connection.
 */
public final class RelayAttachments implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(RelayAttachments.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration IDLE = Duration.ofMinutes(2);
  private static final int MAX_SESSIONS = 16;

  private final List<RelayClient> relays;
  private final InetSocketAddress local;
  private final List<Thread> threads = new ArrayList<>();
  private final List<RelayClient.Exchange> open = new ArrayList<>();
  private final Semaphore sessions = new Semaphore(MAX_SESSIONS);
  private volatile boolean closed;

  private RelayAttachments(List<RelayClient> relays, InetSocketAddress local) {
    this.relays = relays;
    this.local = local;
  }

  /** Attaches to each of {@code relays}; sessions go to the device-sync listener at {@code local}. */
  public static RelayAttachments start(List<RelayClient> relays, InetSocketAddress local) {
    var attachments = new RelayAttachments(relays, local);
    for (RelayClient relay : relays) {
      attachments.threads.add(
          Thread.ofVirtual().name("relay-attach").start(() -> attachments.keep(relay)));
    }
    return attachments;
  }

  private void keep(RelayClient relay) {
    Duration backoff = Duration.ofSeconds(1);
    while (!closed) {
      try (RelayClient.Exchange exchange = relay.listen()) {
        synchronized (open) {
          open.add(exchange);
        }
        try {
          String first = exchange.line(RelayClient.TIMEOUT);
          if (first == null || !first.startsWith("attached ")) {
            throw new IOException("relay " + relay.device() + " did not attach this device");
          }
          LOG.info("attached to relay {} at {}", relay.device(), relay.host());
          backoff = Duration.ofSeconds(1);
          // The relay pings every 10 s: three missed pings and the link is taken as dead.
          for (String line; (line = exchange.line(RelayHandler.PING.multipliedBy(3))) != null; ) {
            if (line.startsWith("session ")) {
              RelayClient.Session session =
                  RelayClient.Session.parse(line.substring(8), "the relay's line");
              Thread.ofVirtual().name("relay-session").start(() -> serve(relay, session));
            }
          }
        } finally {
          synchronized (open) {
            open.remove(exchange);
          }
        }
        LOG.info("relay {} closed the attachment", relay.device());
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("relay {}: {}; again in {}", relay.device(), e.getMessage(), backoff);
        }
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
          ? MAX_BACKOFF
          : backoff.multipliedBy(2);
    }
  }

  private void serve(RelayClient relay, RelayClient.Session session) {
    if (!sessions.tryAcquire()) {
      LOG.warn("relay {}: too many sessions at once, one refused", relay.device());
      return;
    }
    try {
      Socket far = relay.join(session);
      var near = new Socket();
      try {
        near.connect(local, (int) RelayClient.TIMEOUT.toMillis());
      } catch (IOException e) {
        Splice.closeQuietly(far);
        Splice.closeQuietly(near);
        throw e;
      }
      Splice.run(far, near, IDLE, Long.MAX_VALUE);
    } catch (IOException e) {
      LOG.warn("relay {}: a session failed: {}", relay.device(), e.getMessage());
    } finally {
      sessions.release();
    }
  }

  @Override
  public List<Listener> listeners() {
    return List.of();
  }

  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    synchronized (open) {
      open.forEach(RelayClient.Exchange::close);
    }
  }
}
