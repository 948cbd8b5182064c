package org.nymote.dav.ical;

import java.time.Instant;

/**
 * A half-open interval of time {@code [start, end)}; {@link Instant#MIN} and {@link Instant#MAX}
 * stand for unbounded. A zero-length span at {@code t} is the instant {@code t}.
 */
public record Span(Instant start, Instant end) {
  public static final Span ALL = new Span(Instant.MIN, Instant.MAX);

  /** Whether this overlaps {@code range} by RFC 4791 §9.9 (instants count when inside). */
  public boolean overlaps(Span range) {
    if (start.equals(end)) {
      return !start.isBefore(range.start) && start.isBefore(range.end);
    }
    return start.isBefore(range.end) && end.isAfter(range.start);
  }

  public Span union(Span o) {
    return new Span(start.isBefore(o.start) ? start : o.start, end.isAfter(o.end) ? end : o.end);
  }
}
