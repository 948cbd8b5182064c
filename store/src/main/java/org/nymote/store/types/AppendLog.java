package org.nymote.store.types;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

/**
 * An append-only log: entries ordered by stamp then id, each appearing once. The merge is the
 * union of both sides, in that order; the base is never read, and an entry is never lost, even one
 * that a side dropped against the rules. Two entries with the same stamp and id but different
 * payloads cannot both be kept in order, so the log refuses them and the merge reports them as a
 * conflict; unique ids (or one clock per node) keep that from happening.
 *
 * <p>Laws: commutative, idempotent and associative whatever the base, hence convergent;
 * {@code merge(b, x, b) == x} and {@code merge(b, b, x) == x} whenever {@code x} extends {@code
 * b}, as appending ensures.
 *
 * <p>Encoding: one line per entry, {@code stamp id payload}, the payload's text escaped onto one
 * line, in log order. Decoding accepts any order and drops repeated entries.
 *
 * @param entries the entries; copied, sorted and deduplicated, unmodifiable
 */
public record AppendLog<E>(List<Entry<E>> entries) {
  /**
   * One entry, identified by its stamp and id.
   *
   * @param stamp when and where it was appended
   * @param id 1 to 200 characters, no whitespace or controls
   * @param payload the payload, not null
   */
  public record Entry<E>(Hlc stamp, String id, E payload) {
    /** The log order: by stamp, then by id. */
    static final Comparator<Entry<?>> ORDER =
        Comparator.<Entry<?>, Hlc>comparing(Entry::stamp).thenComparing(Entry::id);

    public Entry {
      Objects.requireNonNull(stamp, "stamp");
      Text.requireToken(Objects.requireNonNull(id, "id"), "an entry id");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Throws {@link IllegalArgumentException} if two entries share a stamp and id. */
  public AppendLog {
    List<Entry<E>> sorted = new ArrayList<>(entries);
    sorted.sort(Entry.ORDER);
    List<Entry<E>> unique = new ArrayList<>(sorted.size());
    for (Entry<E> e : sorted) {
      Entry<E> last = unique.isEmpty() ? null : unique.getLast();
      if (last != null && Entry.ORDER.compare(last, e) == 0) {
        if (!last.payload().equals(e.payload())) {
          throw new IllegalArgumentException("two different entries " + e.stamp() + " " + e.id());
        }
        continue;
      }
      unique.add(e);
    }
    entries = List.copyOf(unique);
  }

  public static <E> AppendLog<E> empty() {
    return new AppendLog<>(List.of());
  }

  /** This log with {@code payload} appended under a fresh stamp from {@code clock}, a random id. */
  public AppendLog<E> append(E payload, HybridClock clock) {
    return append(UUID.randomUUID().toString(), payload, clock);
  }

  /** This log with {@code payload} appended under a fresh stamp from {@code clock}. */
  public AppendLog<E> append(String id, E payload, HybridClock clock) {
    Entry<E> entry = new Entry<>(clock.now(), id, payload);
    List<Entry<E>> next = new ArrayList<>(entries);
    next.add(entry);
    return new AppendLog<>(next);
  }

  /** The contents type of logs of payloads written by {@code codec}, named {@code append-log}. */
  public static <E> Contents<AppendLog<E>> contents(TextCodec<E> codec) {
    Objects.requireNonNull(codec);
    return Contents.of(
        "append-log", log -> encode(log, codec), bytes -> decode(bytes, codec), AppendLog::union);
  }

  private static <E> Merged<AppendLog<E>> union(
      Supplier<?> base, AppendLog<E> ours, AppendLog<E> theirs) {
    List<Entry<E>> all = new ArrayList<>(ours.entries());
    all.addAll(theirs.entries());
    try {
      return Merged.ok(new AppendLog<>(all));
    } catch (IllegalArgumentException e) {
      return Merged.conflict("the sides hold " + e.getMessage());
    }
  }

  private static <E> byte[] encode(AppendLog<E> log, TextCodec<E> codec) {
    StringBuilder out = new StringBuilder();
    for (Entry<E> e : log.entries()) {
      out.append(e.stamp()).append(' ').append(e.id()).append(' ');
      out.append(Text.escape(codec.format(e.payload()))).append('\n');
    }
    return Text.utf8(out.toString());
  }

  private static <E> AppendLog<E> decode(byte[] bytes, TextCodec<E> codec) {
    List<Entry<E>> entries = new ArrayList<>();
    for (String line : Text.lines(Text.decodeUtf8(bytes))) {
      String[] parts = line.split(" ", 3);
      if (parts.length < 3) {
        throw new IllegalArgumentException("not a line 'stamp id payload': " + Text.quote(line));
      }
      entries.add(new Entry<>(Hlc.parse(parts[0]), parts[1], codec.parse(Text.unescape(parts[2]))));
    }
    return new AppendLog<>(entries);
  }
}
