package org.nymote.dav.collection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nymote.dav.ical.Span;

/**
 * The resources of a collection ordered by when they start, so that a time-range query looks only
 * at those that may overlap it instead of at the whole collection. Each resource is filed by the
 * span its index item keeps (which holds every instance, recurrences and overrides included): a
 * span of at most {@link #SHORT_SECONDS} goes in an array sorted by start, where a range {@code [s,
 * e)} needs only the resources starting in {@code [s - SHORT_SECONDS, e]} (found by binary
 * search); a longer or unbounded span (an open recurrence, a VTODO without dates) goes in a list
 * looked at whole. What it returns is a superset, tested exactly by the caller with {@link
 * Span#overlaps}. Immutable.
 */
final class TimeIndex {
  /** The longest span kept in the sorted array: 31 days. */
  static final long SHORT_SECONDS = 31L * 24 * 3600;

  private static final Comparator<Entry> BY_START =
      Comparator.comparingLong(Entry::start).thenComparing(Entry::name);

  /** One short resource: its start in epoch seconds (floored) and its name. */
  private record Entry(long start, String name) {}

  private final Entry[] sorted;
  private final long[] starts;
  private final List<String> open;

  private TimeIndex(Entry[] sorted, List<String> open) {
    this.sorted = sorted;
    this.starts = new long[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      starts[i] = sorted[i].start();
    }
    this.open = List.copyOf(open);
  }

  /** The index of every item. */
  static TimeIndex of(Map<String, ? extends CollectionIndex.Item<?>> items) {
    List<Entry> shortOnes = new ArrayList<>();
    List<String> open = new ArrayList<>();
    items.forEach((name, item) -> file(name, item.bound(), shortOnes, open));
    Entry[] sorted = shortOnes.toArray(Entry[]::new);
    Arrays.sort(sorted, BY_START);
    return new TimeIndex(sorted, open);
  }

  /**
   * This index with {@code removed} taken out and {@code added} put in: the sorted array is merged,
   * not sorted again, so the cost grows with the collection only by a copy.
   */
  TimeIndex with(Set<String> removed, Map<String, ? extends CollectionIndex.Item<?>> added) {
    List<Entry> fresh = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (String o : this.open) {
      if (!removed.contains(o)) {
        open.add(o);
      }
    }
    added.forEach((name, item) -> file(name, item.bound(), fresh, open));
    fresh.sort(BY_START);
    Entry[] out = new Entry[sorted.length + fresh.size()];
    int n = 0;
    int j = 0;
    for (Entry e : sorted) {
      if (removed.contains(e.name())) {
        continue;
      }
      while (j < fresh.size() && BY_START.compare(fresh.get(j), e) < 0) {
        out[n++] = fresh.get(j++);
      }
      out[n++] = e;
    }
    while (j < fresh.size()) {
      out[n++] = fresh.get(j++);
    }
    return new TimeIndex(Arrays.copyOf(out, n), open);
  }

  private static void file(String name, Span bound, List<Entry> shortOnes, List<String> open) {
    if (bound.start().equals(Instant.MIN)
        || bound.end().equals(Instant.MAX)
        || bound.end().getEpochSecond() - bound.start().getEpochSecond() > SHORT_SECONDS) {
      open.add(name);
    } else {
      shortOnes.add(new Entry(bound.start().getEpochSecond(), name));
    }
  }

  /** The names of the resources whose span may overlap {@code range}: a superset. */
  List<String> candidates(Span range) {
    long from = range.start().equals(Instant.MIN)
        ? Long.MIN_VALUE
        : range.start().getEpochSecond() - SHORT_SECONDS - 1;
    long to = range.end().equals(Instant.MAX) ? Long.MAX_VALUE : range.end().getEpochSecond();
    int first = firstAtLeast(from);
    int end = to == Long.MAX_VALUE ? starts.length : firstAtLeast(to + 1);
    List<String> out = new ArrayList<>(open.size() + end - first);
    out.addAll(open);
    for (int i = first; i < end; i++) {
      out.add(sorted[i].name());
    }
    return out;
  }

  private int firstAtLeast(long t) {
    int lo = 0;
    int hi = starts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  int size() {
    return sorted.length + open.size();
  }
}
