package org.nymote.mail.smtp.queue;

import java.time.Duration;

/**
 * When to try a message again: {@code first} after the first failure, doubling each time up to
 * {@code longest}; after {@code lifetime} in the queue the message bounces (RFC 5321 4.5.4.1
 * asks for at least 30 minutes between tries and 4-5 days before giving up).
 */
public record RetrySchedule(Duration first, Duration longest, Duration lifetime) {
  /** 5 minutes, doubling to 1 hour, for 5 days. */
  public static RetrySchedule defaults() {
    return new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(5));
  }

  /** The wait after attempt number {@code attempts} (1 for the first) failed. */
  public Duration after(int attempts) {
    Duration wait = first;
    for (int i = 1; i < attempts && wait.compareTo(longest) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(longest) > 0 ? longest : wait;
  }
}
