package org.nymote.mail.imap;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows failed logins down: each recent failure for a user name doubles the wait before the next
 * attempt for that name is checked (from 250 ms up to 8 s), whatever connection it comes from;
 * failures are forgotten after 15 minutes, or at a success. Thread-safe; bounded in size.
 */
public final class LoginThrottle {
  private static final int MAX_TRACKED = 100_000;
  private static final long FORGET_MS = Duration.ofMinutes(15).toMillis();

  private record Failures(int count, long last) {}

  private final Map<String, Failures> byUser = new ConcurrentHashMap<>();

  /** How long to wait before checking a password for {@code user}. */
  public Duration delayFor(String user) {
    Failures f = byUser.get(key(user));
    if (f == null || System.currentTimeMillis() - f.last > FORGET_MS) {
      return Duration.ZERO;
    }
    return backoff(f.count);
  }

  public void failed(String user) {
    if (byUser.size() > MAX_TRACKED) {
      byUser.clear();
    }
    byUser.merge(
        key(user),
        new Failures(1, System.currentTimeMillis()),
        (a, b) -> new Failures(Math.min(a.count + 1, 30), b.last));
  }

  public void succeeded(String user) {
    byUser.remove(key(user));
  }

  /** The wait after {@code failures} failures in a row: 250 ms doubling to at most 8 s. */
  public static Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(Math.min(8000, 250L << Math.min(failures - 1, 10)));
  }

  private static String key(String user) {
    return user.length() > 200 ? user.substring(0, 200) : user.toLowerCase(java.util.Locale.ROOT);
  }
}
