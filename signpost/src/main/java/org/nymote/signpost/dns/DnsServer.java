package org.nymote.signpost.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS server's sockets: UDP and TCP on the same port, served by virtual threads. UDP: a few
 * readers, each receives a packet, asks the {@link QueryHandler} and sends the answer, with
 * {@link RateLimiter response rate limiting}. TCP (RFC 7766): one virtual thread per connection,
 * messages with a two-byte length prefix, answered in order; at most {@code maxConnections} at
 * once (more are closed at once), each closed after {@code idle} without a query or {@code
 * lifetime} in all. {@link #close} stops everything.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  private static final int UDP_READERS = 2;
  private static final int MAX_QUERIES_PER_CONNECTION = 10_000;

  /** Limits and where to listen; {@code port} 0 picks a free one (the same for UDP and TCP). */
  public record Config(
      InetAddress bind,
      int port,
      int maxConnections,
      Duration idle,
      Duration lifetime,
      RateLimiter rateLimiter) {
    public static Config of(InetAddress bind, int port, RateLimiter limiter) {
      return new Config(bind, port, 256, Duration.ofSeconds(10), Duration.ofMinutes(2), limiter);
    }
  }

  private final Config config;
  private final QueryHandler handler;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Semaphore connections;
  private final List<Thread> threads = new ArrayList<>();
  /** Open TCP connections and when each must end (System.nanoTime), for the sweeper. */
  private final ConcurrentHashMap<Socket, Long> open = new ConcurrentHashMap<>();

  private volatile boolean closed;

  private DnsServer(Config config, QueryHandler handler, DatagramSocket udp, ServerSocket tcp) {
    this.config = config;
    this.handler = handler;
    this.udp = udp;
    this.tcp = tcp;
    this.connections = new Semaphore(config.maxConnections());
  }

  public static DnsServer start(Config config, QueryHandler handler) throws IOException {
    DatagramSocket udp = null;
    ServerSocket tcp = null;
    for (int attempt = 0; tcp == null; attempt++) {
      udp = new DatagramSocket(new InetSocketAddress(config.bind(), config.port()));
      try {
        tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(new InetSocketAddress(config.bind(), udp.getLocalPort()), 128);
      } catch (BindException e) {
        udp.close();
        tcp.close();
        tcp = null;
        if (config.port() != 0 || attempt >= 20) {
          throw e;
        }
      }
    }
    udp.setReceiveBufferSize(1 << 20);
    var server = new DnsServer(config, handler, udp, tcp);
    for (int i = 0; i < UDP_READERS; i++) {
      server.threads.add(Thread.ofVirtual().name("dns-udp-" + i).start(server::serveUdp));
    }
    server.threads.add(Thread.ofVirtual().name("dns-tcp").start(server::acceptTcp));
    server.threads.add(Thread.ofVirtual().name("dns-tcp-sweeper").start(server::sweep));
    return server;
  }

  public InetAddress host() {
    return udp.getLocalAddress();
  }

  public int port() {
    return udp.getLocalPort();
  }

  private void serveUdp() {
    byte[] buffer = new byte[65535];
    var packet = new DatagramPacket(buffer, buffer.length);
    RateLimiter limiter = config.rateLimiter();
    while (!closed) {
      try {
        packet.setData(buffer);
        udp.receive(packet);
        Optional<byte[]> response = handler.handle(buffer, packet.getLength(), true);
        if (response.isEmpty()) {
          continue;
        }
        byte[] out = switch (limiter.check(packet.getAddress(), System.nanoTime())) {
          case SEND -> response.get();
          case SLIP -> QueryHandler.slip(buffer, packet.getLength());
          case DROP -> null;
        };
        if (out != null) {
          udp.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("dns: udp: {}", e.toString());
        }
      }
    }
  }

  private void acceptTcp() {
    while (!closed) {
      try {
        Socket s = tcp.accept();
        if (!connections.tryAcquire()) {
          s.close();
          continue;
        }
        Thread.ofVirtual().name("dns-tcp-conn").start(() -> {
          try {
            serveTcp(s);
          } finally {
            connections.release();
          }
        });
      } catch (IOException e) {
        if (!closed) {
          LOG.debug("dns: tcp accept: {}", e.toString());
        }
      }
    }
  }

  /** Closes connections past their lifetime, even one stuck in a slowly trickling read. */
  private void sweep() {
    while (!closed) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      open.forEach((socket, deadline) -> {
        if (now - deadline > 0) {
          closeQuietly(socket);
        }
      });
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void serveTcp(Socket s) {
    long deadline = System.nanoTime() + config.lifetime().toNanos();
    open.put(s, deadline);
    try (s) {
      s.setSoTimeout((int) config.idle().toMillis());
      s.setTcpNoDelay(true);
      var in = new DataInputStream(s.getInputStream());
      var out = new DataOutputStream(s.getOutputStream());
      byte[] buffer = new byte[65535];
      for (int n = 0; n < MAX_QUERIES_PER_CONNECTION && System.nanoTime() - deadline < 0; n++) {
        int length = in.readUnsignedShort();
        in.readFully(buffer, 0, length);
        Optional<byte[]> response = handler.handle(buffer, length, false);
        if (response.isEmpty()) {
          return;
        }
        out.writeShort(response.get().length);
        out.write(response.get());
        out.flush();
      }
    } catch (IOException e) {
      // The client went away, sent a short message, or idled too long: the connection ends.
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      LOG.debug("dns: closing: {}", e.toString());
    }
    open.keySet().forEach(DnsServer::closeQuietly);
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
