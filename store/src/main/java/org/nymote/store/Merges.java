package org.nymote.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Three-way merges as values, and the combinators that build larger merges from smaller ones,
 * after Irmin's {@code Merge} module. Every merge returned here is a pure function of its inputs,
 * thread-safe, reads the base at most once and only when it needs it, and never returns {@code
 * null}. Values must not be {@code null}; equality is {@link Object#equals}. Conflict reasons are
 * symmetric: swapping the sides gives the same reason, so a commutative merge stays commutative
 * when it conflicts.
 */
public final class Merges {
  private static final String BOTH_CHANGED = "changed to different values on both sides";
  private static final String DELETED_AND_CHANGED = "deleted on one side and changed on the other";

  private Merges() {}

  /**
   * A value taken whole: a change on one side only wins, the same change on both sides is kept, and
   * different changes on both sides are a conflict. Commutative and idempotent.
   */
  public static <T> Merge<T> atomic() {
    return atomic((base, ours, theirs) -> Merged.conflict(BOTH_CHANGED));
  }

  /**
   * Like {@link #atomic()}, but hands different changes on both sides to {@code bothChanged}
   * instead of reporting a conflict.
   */
  public static <T> Merge<T> atomic(Merge<T> bothChanged) {
    Objects.requireNonNull(bothChanged);
    return (base, ours, theirs) -> {
      if (ours.equals(theirs)) {
        return Merged.ok(ours);
      }
      Supplier<Optional<T>> once = memoize(base);
      Optional<T> b = once.get();
      if (b.isPresent() && b.get().equals(ours)) {
        return Merged.ok(theirs);
      }
      if (b.isPresent() && b.get().equals(theirs)) {
        return Merged.ok(ours);
      }
      return bothChanged.merge(once, ours, theirs);
    };
  }

  /**
   * A counter: {@code ours + theirs - base}, the base counting as 0 when absent, so that increments
   * made on both sides add up. Commutative and associative; <em>not</em> idempotent (merging a side
   * with itself counts its increments twice), so it must be given the true common ancestor.
   * Arithmetic wraps on overflow, which keeps those laws.
   */
  public static Merge<Long> counter() {
    return (base, ours, theirs) -> Merged.ok(ours + theirs - base.get().orElse(0L));
  }

  /**
   * A three-way set merge: keeps what both sides hold, plus what either side added since the base;
   * what either side removed from the base is gone. With no base it is the union. Commutative and
   * idempotent; {@code merge(b, x, b) == x}.
   */
  public static <E> Merge<Set<E>> setUnion() {
    return (base, ours, theirs) -> {
      if (ours.equals(theirs)) {
        return Merged.ok(ours);
      }
      Set<E> b = base.get().orElse(Set.of());
      Set<E> merged = new LinkedHashSet<>();
      for (E e : ours) {
        if (theirs.contains(e) || !b.contains(e)) {
          merged.add(e);
        }
      }
      for (E e : theirs) {
        if (!b.contains(e)) {
          merged.add(e);
        }
      }
      return Merged.ok(Collections.unmodifiableSet(merged));
    };
  }

  /**
   * Keeps the greater side by {@code order}, which should be total over distinct values (a stamp
   * with a tie-break); two different values that {@code order} ranks equal are a conflict. The base
   * is never read. Commutative, idempotent and associative, whatever the base.
   */
  public static <T> Merge<T> lastWriterWins(Comparator<? super T> order) {
    Objects.requireNonNull(order);
    return (base, ours, theirs) -> {
      int c = order.compare(ours, theirs);
      if (c > 0 || (c == 0 && ours.equals(theirs))) {
        return Merged.ok(ours);
      }
      if (c < 0) {
        return Merged.ok(theirs);
      }
      return Merged.conflict("two different values rank equal, so neither was written last");
    };
  }

  /**
   * A value that may be absent. Present on both sides: merged by {@code values}. Absent on both:
   * absent. Present on one side only: kept if the base did not hold it, deleted if the other side
   * deleted it and this side kept the base, and a conflict if this side changed what the other
   * deleted. The base is absent both when it did not exist and when it was empty.
   */
  public static <T> Merge<Optional<T>> option(Merge<T> values) {
    Objects.requireNonNull(values);
    return (base, ours, theirs) -> {
      Supplier<Optional<T>> b = () -> base.get().flatMap(Function.identity());
      if (ours.isPresent() && theirs.isPresent()) {
        return present(values.merge(memoize(b), ours.get(), theirs.get()));
      }
      if (ours.isEmpty() && theirs.isEmpty()) {
        return Merged.ok(Optional.empty());
      }
      T kept = ours.orElseGet(theirs::get);
      Optional<T> old = b.get();
      if (old.isEmpty()) {
        return Merged.ok(Optional.of(kept));
      }
      return old.get().equals(kept)
          ? Merged.ok(Optional.empty())
          : Merged.conflict(DELETED_AND_CHANGED);
    };
  }

  /**
   * Maps merged key by key, each key as by {@link #option(Merge)} with {@code values}: a key added
   * on one side is added, a key deleted on one side and kept on the other is deleted. The conflict
   * names every conflicting key, as {@code "key: reason"} sorted and joined by {@code "; "}. The
   * merged map is unmodifiable, holds no {@code null}, and keeps the keys in the order of ours,
   * then those only in theirs. Inherits commutativity and idempotence from {@code values}.
   */
  public static <K, V> Merge<Map<K, V>> map(Merge<V> values) {
    Merge<Optional<V>> perKey = option(values);
    return (base, ours, theirs) -> {
      Supplier<Optional<Map<K, V>>> b = memoize(base);
      Set<K> keys = new LinkedHashSet<>(ours.keySet());
      keys.addAll(theirs.keySet());
      Map<K, V> merged = new LinkedHashMap<>();
      List<String> conflicts = new ArrayList<>();
      for (K k : keys) {
        Supplier<Optional<Optional<V>>> kb = () -> b.get().map(m -> Optional.ofNullable(m.get(k)));
        var r =
            perKey.merge(kb, Optional.ofNullable(ours.get(k)), Optional.ofNullable(theirs.get(k)));
        switch (r) {
          case Merged.Ok<Optional<V>> ok -> ok.value().ifPresent(v -> merged.put(k, v));
          case Merged.Conflict<Optional<V>> c -> conflicts.add(k + ": " + c.reason());
        }
      }
      if (!conflicts.isEmpty()) {
        Collections.sort(conflicts);
        return Merged.conflict(String.join("; ", conflicts));
      }
      return Merged.ok(Collections.unmodifiableMap(merged));
    };
  }

  /** Applies {@code f} to a merged value; a conflict stays the same conflict. */
  public static <T, U> Merged<U> mapOk(Merged<T> merged, Function<? super T, ? extends U> f) {
    return switch (merged) {
      case Merged.Ok<T> ok -> Merged.ok(f.apply(ok.value()));
      case Merged.Conflict<T> c -> Merged.conflict(c.reason());
    };
  }

  private static <T> Merged<Optional<T>> present(Merged<T> merged) {
    return mapOk(merged, Optional::of);
  }

  /** The base is read lazily, at most once, however many keys or steps ask for it. */
  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;
      private boolean done;

      @Override
      public T get() {
        if (!done) {
          value = supplier.get();
          done = true;
        }
        return value;
      }
    };
  }
}
