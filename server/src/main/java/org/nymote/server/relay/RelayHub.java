package org.nymote.server.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nymote.server.service.Listener;
import org.nymote.server.service.Service;
import org.nymote.signpost.identity.DeviceName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of this device ({@code listening relay HOST:PORT}): devices attached here ({@link
 * #attach}, through {@code POST /relay/listen} on the device-sync listener) can be reached by the
 * user's other devices ({@link #open}, {@code POST /relay/connect}). A session is a one-time random
 * token told to both ends over their mutual-TLS requests; each end then opens a plain TCP
 * connection to the relay port and sends {@code TOKEN\n}; the relay answers {@code ok\n} to both
 * and from then on only copies bytes ({@link Splice}). What it copies is the ends' own TLS: the
 * relay holds no key for it. Every count, wait and size has a limit ({@link Limits}). Thread-safe.
 */
public final class RelayHub implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(RelayHub.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_LINE_MAX = 64;

  /**
   * @param maxSessions sessions open or waiting at once
   * @param maxAttached devices attached at once
   * @param pairWait how long a session waits for both ends to connect
   * @param idle how long a session may pass no byte before it is closed
   * @param maxBytes bytes a session may copy, both ways together
   */
  public record Limits(
      int maxSessions, int maxAttached, Duration pairWait, Duration idle, long maxBytes) {
    public static final Limits DEFAULT =
        new Limits(32, 64, Duration.ofSeconds(15), Duration.ofMinutes(2), 4L << 30);
  }

  /** A device attached to this relay: the sessions to tell it about. */
  public static final class Attachment {
    private final DeviceName device;
    private final BlockingQueue<String> sessions = new ArrayBlockingQueue<>(16);
    private volatile boolean closed;

    Attachment(DeviceName device) {
      this.device = device;
    }

    public DeviceName device() {
      return device;
    }

    /** The next session's token, or empty after {@code wait}; empty at once once replaced. */
    public Optional<String> next(Duration wait) throws InterruptedException {
      return closed
          ? Optional.empty()
          : Optional.ofNullable(sessions.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    public boolean closed() {
      return closed;
    }
  }

  /** A session whose ends have not both connected yet. */
  private static final class Pending {
    final CompletableFuture<Socket> first = new CompletableFuture<>();
    volatile boolean claimed;
  }

  private final ServerSocket data;
  private final Limits limits;
  private final Map<DeviceName, Attachment> attached = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Semaphore sessions;
  private final Semaphore connections;
  private final String host;

  private RelayHub(ServerSocket data, String host, Limits limits) {
    this.data = data;
    this.host = host;
    this.limits = limits;
    this.sessions = new Semaphore(limits.maxSessions());
    this.connections = new Semaphore(limits.maxSessions() * 2 + 8);
  }

  /** Binds the relay port ({@code 0}: any free one) on {@code host} and accepts sessions. */
  public static RelayHub start(String host, int port, Limits limits) throws IOException {
    var server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
    } catch (IOException e) {
      server.close();
      throw new IOException(
          "cannot listen for relay sessions on " + host + ":" + port + " (--relay-port): "
              + e.getMessage(),
          e);
    }
    var hub = new RelayHub(server, host, limits);
    Thread.ofVirtual().name("relay-accept").start(hub::accept);
    return hub;
  }

  @Override
  public List<Listener> listeners() {
    return List.of(new Listener("relay", host, data.getLocalPort()));
  }

  public int port() {
    return data.getLocalPort();
  }

  /** Attaches {@code device}, replacing an earlier attachment of it; null if too many are. */
  public Attachment attach(DeviceName device) {
    if (attached.size() >= limits.maxAttached() && !attached.containsKey(device)) {
      return null;
    }
    var attachment = new Attachment(device);
    Attachment old = attached.put(device, attachment);
    if (old != null) {
      old.closed = true;
    }
    LOG.info("device {} attached to this relay", device);
    return attachment;
  }

  public void detach(Attachment attachment) {
    attachment.closed = true;
    attached.remove(attachment.device(), attachment);
    LOG.info("device {} detached from this relay", attachment.device());
  }

  public boolean isAttached(DeviceName device) {
    return attached.containsKey(device);
  }

  /** Why a session cannot be opened, in words for the asking device. */
  public static final class Refused extends Exception {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** Opens a session from {@code from} to the attached {@code to}; returns its token. */
  public String open(DeviceName from, DeviceName to) throws Refused {
    Attachment target = attached.get(to);
    if (target == null || target.closed) {
      throw new Refused(
          404,
          "device " + to + " is not attached to this relay: is its `nymote"
              + " serve` running, with this device as its relay (`nymote device relay add`)?");
    }
    if (!sessions.tryAcquire()) {
      throw new Refused(
          503, "this relay has " + limits.maxSessions() + " sessions open: try later");
    }
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    var session = new Pending();
    pending.put(token, session);
    if (!target.sessions.offer(token)) {
      pending.remove(token);
      sessions.release();
      throw new Refused(503, "device " + to + " has too many sessions waiting: try later");
    }
    Thread.ofVirtual().name("relay-expire").start(() -> expire(token, session));
    LOG.info("relay session from {} to {}", from, to);
    return token;
  }

  private void expire(String token, Pending session) {
    try {
      Thread.sleep(limits.pairWait().toMillis());
    } catch (InterruptedException e) {
      return;
    }
    if (pending.remove(token, session)) {
      sessions.release();
      if (!session.first.cancel(false)) {
        Socket first = session.first.getNow(null);
        if (first != null) {
          reply(first, "error the other device did not connect within " + limits.pairWait());
          Splice.closeQuietly(first);
        }
      }
    }
  }

  private void accept() {
    while (!data.isClosed()) {
      Socket socket;
      try {
        socket = data.accept();
      } catch (IOException e) {
        if (!data.isClosed()) {
          LOG.warn("relay accept failed: {}", e.getMessage());
        }
        continue;
      }
      if (!connections.tryAcquire()) {
        Splice.closeQuietly(socket);
        continue;
      }
      Thread.ofVirtual().name("relay-session").start(() -> {
        try {
          session(socket);
        } finally {
          connections.release();
        }
      });
    }
  }

  private void session(Socket socket) {
    String token;
    try {
      socket.setSoTimeout((int) limits.pairWait().toMillis());
      token = readLine(socket.getInputStream(), TOKEN_LINE_MAX);
    } catch (IOException e) {
      Splice.closeQuietly(socket);
      return;
    }
    Pending session = token == null ? null : pending.get(token);
    if (session == null) {
      reply(socket, "error unknown or expired relay session");
      Splice.closeQuietly(socket);
      return;
    }
    synchronized (session) {
      if (!session.claimed) {
        session.claimed = true;
        session.first.complete(socket);
        // The second end splices; this one waits for it (or for the expiry) and is done.
        return;
      }
    }
    if (!pending.remove(token, session)) {
      reply(socket, "error the relay session expired");
      Splice.closeQuietly(socket);
      return;
    }
    Socket first;
    try {
      first = session.first.get(limits.pairWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException
        | ExecutionException
        | TimeoutException
        | java.util.concurrent.CancellationException e) {
      sessions.release();
      Splice.closeQuietly(socket);
      return;
    }
    try {
      if (!reply(first, "ok") || !reply(socket, "ok")) {
        Splice.closeQuietly(first);
        Splice.closeQuietly(socket);
        return;
      }
      long bytes = Splice.run(first, socket, limits.idle(), limits.maxBytes());
      LOG.info("relay session ended after {} bytes", bytes);
    } finally {
      sessions.release();
    }
  }

  /** Sends one line; false if the socket is gone. */
  private static boolean reply(Socket socket, String line) {
    try {
      socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A line of at most {@code max} bytes, or null if longer or cut. */
  static String readLine(InputStream in, int max) throws IOException {
    var line = new ByteArrayOutputStream();
    while (line.size() <= max) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == '\n') {
        return line.toString(StandardCharsets.US_ASCII).strip();
      }
      line.write(c);
    }
    return null;
  }

  @Override
  public void close() {
    try {
      data.close();
    } catch (SocketException e) {
      // closing anyway
    } catch (IOException e) {
      LOG.warn("the relay port did not close cleanly: {}", e.getMessage());
    }
    attached.values().forEach(a -> a.closed = true);
  }
}
