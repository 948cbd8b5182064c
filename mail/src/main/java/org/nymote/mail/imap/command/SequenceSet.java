package org.nymote.mail.imap.command;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set (RFC 3501 9, {@code sequence-set}): ranges of message numbers or UIDs, where
 * {@code *} is the largest in use, written here as {@link Long#MAX_VALUE}; or {@code $}, the
 * messages the last SEARCH RETURN (SAVE) found (RFC 5182, {@code saved}), which the session
 * resolves.
 */
public record SequenceSet(List<Range> ranges, boolean saved) {
  public static final long STAR = Long.MAX_VALUE;

  /** The maximum number of ranges a set may have. */
  public static final int MAX_RANGES = 10_000;

  public record Range(long from, long to) {}

  /** {@code $} (RFC 5182). */
  public static final SequenceSet SAVED = new SequenceSet(List.of(), true);

  public SequenceSet {
    ranges = List.copyOf(ranges);
  }

  public SequenceSet(List<Range> ranges) {
    this(ranges, false);
  }

  /** The set of exactly these UIDs or numbers (sorted ascending), in as few ranges as can be. */
  public static SequenceSet of(List<Long> sorted) {
    List<Range> out = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      out.add(new Range(sorted.get(i), sorted.get(j)));
      i = j + 1;
    }
    return new SequenceSet(out);
  }

  /** Whether {@code n} is in the set, with {@code *} standing for {@code max}. */
  public boolean contains(long n, long max) {
    for (Range r : ranges) {
      long a = r.from == STAR ? max : r.from;
      long b = r.to == STAR ? max : r.to;
      if (n >= Math.min(a, b) && n <= Math.max(a, b)) {
        return true;
      }
    }
    return false;
  }

  /** Parses {@code 1,3:5,7:*}; {@link IllegalArgumentException} if it is not a sequence set. */
  public static SequenceSet parse(String s) {
    List<Range> out = new ArrayList<>();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty sequence set");
    }
    for (String part : s.split(",", -1)) {
      if (out.size() >= MAX_RANGES) {
        throw new IllegalArgumentException("sequence set has too many ranges");
      }
      int colon = part.indexOf(':');
      if (colon < 0) {
        long n = number(part);
        out.add(new Range(n, n));
      } else {
        out.add(new Range(number(part.substring(0, colon)), number(part.substring(colon + 1))));
      }
    }
    return new SequenceSet(out);
  }

  private static long number(String s) {
    if (s.equals("*")) {
      return STAR;
    }
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("invalid number '" + s + "' in sequence set");
    }
    long n = Long.parseLong(s);
    if (n == 0 || n > 0xffffffffL) {
      throw new IllegalArgumentException("sequence number " + s + " out of range");
    }
    return n;
  }

  /** The canonical text of a sorted list of numbers: {@code 1:3,5}. */
  public static String format(List<Long> sorted) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(sorted.get(i));
      if (j > i) {
        b.append(':').append(sorted.get(j));
      }
      i = j + 1;
    }
    return b.toString();
  }
}
