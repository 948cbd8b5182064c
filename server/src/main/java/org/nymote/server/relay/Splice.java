package org.nymote.server.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies bytes both ways between two sockets until either side ends, both have been idle for
 * {@code idle}, or {@code maxBytes} have passed in all; then closes both. Reads nothing into
 * anything: a splice only moves bytes.
 */
public final class Splice {
  private static final int CHECK_MILLIS = 2_000;

  private final Socket a;
  private final Socket b;
  private final long idleNanos;
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();
  private volatile long lastActivity = System.nanoTime();

  private Splice(Socket a, Socket b, Duration idle, long maxBytes) {
    this.a = a;
    this.b = b;
    this.idleNanos = idle.toNanos();
    this.maxBytes = maxBytes;
  }

  /** Runs the splice to its end in this thread (and one more); returns the bytes copied. */
  public static long run(Socket a, Socket b, Duration idle, long maxBytes) {
    var splice = new Splice(a, b, idle, maxBytes);
    Thread back = Thread.ofVirtual().name("splice").start(() -> splice.copy(b, a));
    splice.copy(a, b);
    try {
      back.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return splice.bytes.get();
  }

  private void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      from.setSoTimeout(CHECK_MILLIS);
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - lastActivity > idleNanos) {
            return;
          }
          continue;
        }
        if (n < 0) {
          return;
        }
        if (bytes.addAndGet(n) > maxBytes) {
          return;
        }
        lastActivity = System.nanoTime();
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side went away: the splice ends.
    } finally {
      closeQuietly(a);
      closeQuietly(b);
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
