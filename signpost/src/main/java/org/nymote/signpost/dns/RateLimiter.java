package org.nymote.signpost.dns;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response rate limiting per client network (an IPv4 /24, an IPv6 /56), a token bucket of {@code
 * perSecond} responses a second with a burst of as many: past it, responses are dropped, except
 * every {@code slip}-th, which is sent truncated and empty so that a real client behind a forged
 * flood can still ask over TCP (the "slip" of BIND's RRL). It keeps the server from being a
 * useful amplifier for spoofed UDP queries. TCP is not limited: its source cannot be forged.
 * Thread-safe; at most {@link #MAX_NETWORKS} networks are tracked at once.
 */
public final class RateLimiter {
  public static final int MAX_NETWORKS = 100_000;

  /** What to do with one response. */
  public enum Verdict {
    SEND,
    SLIP,
    DROP
  }

  private final int perSecond;
  private final int slip;
  private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

  /** {@code perSecond} 0 turns limiting off. */
  public RateLimiter(int perSecond, int slip) {
    if (perSecond < 0 || slip < 0) {
      throw new IllegalArgumentException("the rate and slip cannot be negative");
    }
    this.perSecond = perSecond;
    this.slip = slip;
  }

  public boolean enabled() {
    return perSecond > 0;
  }

  public Verdict check(InetAddress client, long nanoTime) {
    if (perSecond == 0) {
      return Verdict.SEND;
    }
    if (buckets.size() > MAX_NETWORKS) {
      buckets.clear(); // a flood from very many networks: start counting afresh
    }
    return buckets
        .computeIfAbsent(network(client), k -> new Bucket(perSecond, nanoTime))
        .take(perSecond, slip, nanoTime);
  }

  static long network(InetAddress a) {
    byte[] b = a.getAddress();
    int n = b.length == 4 ? 3 : 7;
    long key = b.length == 4 ? 0 : 1L << 60;
    for (int i = 0; i < n; i++) {
      key = (key << 8) | (b[i] & 0xff);
    }
    return key;
  }

  private static final class Bucket {
    private double tokens;
    private long last;
    private long limited;

    Bucket(int perSecond, long now) {
      this.tokens = perSecond;
      this.last = now;
    }

    synchronized Verdict take(int perSecond, int slip, long now) {
      tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return Verdict.SEND;
      }
      limited++;
      return slip > 0 && limited % slip == 0 ? Verdict.SLIP : Verdict.DROP;
    }
  }
}
