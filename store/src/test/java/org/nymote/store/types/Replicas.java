package org.nymote.store.types;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

/**
 * Three replicas of one value, each with a history of commits as in Git: an edit commits on top of
 * the replica's head; a sync merges two heads by the contents' merge, given their merge base (the
 * lowest common ancestor; several are merged first into a virtual one, as Git's recursive
 * strategy does), or fast-forwards when one head descends from the other. Values go through the
 * codec at every commit. A conflict fails the test.
 */
final class Replicas<T> {
  static final int COUNT = 3;

  /** One step of a history: an edit on one replica, or a sync between two. */
  sealed interface Step<O> {
    record Edit<O>(int replica, O op) implements Step<O> {}

    record Sync<O>(int a, int b) implements Step<O> {}
  }

  /** Applies an operation to the value of a replica. */
  @FunctionalInterface
  interface Editor<T, O> {
    T apply(int replica, T value, O op);
  }

  private record Commit(int id, byte[] value, Set<Integer> ancestors) {}

  private final Contents<T> contents;
  private final List<Commit> heads = new ArrayList<>();
  private final Map<Integer, Commit> commits = new HashMap<>();
  private int nextId;

  Replicas(Contents<T> contents, T initial) {
    this.contents = contents;
    Commit root = commit(contents.encode(initial), List.of());
    for (int i = 0; i < COUNT; i++) {
      heads.add(root);
    }
  }

  /** Histories of up to 60 steps, about two edits for each sync. */
  static <O> Arbitrary<List<Step<O>>> histories(Arbitrary<O> ops) {
    Arbitrary<Integer> replica = Arbitraries.integers().between(0, COUNT - 1);
    Arbitrary<Step<O>> edit = Combinators.combine(replica, ops).as(Step.Edit::new);
    Arbitrary<Step<O>> sync =
        Combinators.combine(replica, replica).filter((a, b) -> !a.equals(b)).as(Step.Sync::new);
    return Arbitraries.frequencyOf(Tuple.of(2, edit), Tuple.of(1, sync)).list().ofMaxSize(60);
  }

  /** Plays the steps, then syncs every pair; returns the value all replicas agree on. */
  <O> T play(List<Step<O>> steps, Editor<T, O> editor) {
    for (Step<O> step : steps) {
      switch (step) {
        case Step.Edit<O> e -> edit(e.replica(), editor, e.op());
        case Step.Sync<O> s -> sync(s.a(), s.b());
      }
    }
    sync(0, 1);
    sync(1, 2);
    sync(0, 1);
    T first = value(0);
    for (int i = 1; i < COUNT; i++) {
      if (!value(i).equals(first)) {
        throw new AssertionError("replicas diverged: " + first + " and " + value(i));
      }
    }
    return first;
  }

  T value(int replica) {
    return contents.decode(heads.get(replica).value());
  }

  private <O> void edit(int replica, Editor<T, O> editor, O op) {
    Commit head = heads.get(replica);
    T next = editor.apply(replica, value(replica), op);
    heads.set(replica, commit(contents.encode(next), List.of(head)));
  }

  private void sync(int a, int b) {
    Commit merged = merge(heads.get(a), heads.get(b));
    heads.set(a, merged);
    heads.set(b, merged);
  }

  private Commit merge(Commit x, Commit y) {
    if (y.ancestors().contains(x.id())) {
      return y;
    }
    if (x.ancestors().contains(y.id())) {
      return x;
    }
    Optional<byte[]> base = mergeBase(x, y).map(Commit::value);
    return switch (contents.mergeBytes(() -> base, x.value(), y.value())) {
      case Merged.Ok<byte[]> ok -> commit(ok.value(), List.of(x, y));
      case Merged.Conflict<byte[]> c -> throw new AssertionError("conflict: " + c.reason());
    };
  }

  private Optional<Commit> mergeBase(Commit x, Commit y) {
    Set<Integer> common = new HashSet<>(x.ancestors());
    common.retainAll(y.ancestors());
    List<Commit> lowest = common.stream()
        .map(commits::get)
        .filter(c -> common.stream()
            .noneMatch(d -> d != c.id() && commits.get(d).ancestors().contains(c.id())))
        .toList();
    return lowest.stream().reduce(this::merge);
  }

  private Commit commit(byte[] value, List<Commit> parents) {
    Set<Integer> ancestors = new HashSet<>();
    ancestors.add(nextId);
    parents.forEach(p -> ancestors.addAll(p.ancestors()));
    Commit c = new Commit(nextId++, value, ancestors);
    commits.put(c.id(), c);
    return c;
  }

  /** Three clocks, one per replica, each skewed from the given time by a few milliseconds. */
  static HybridClock[] clocks(LongSupplier millis) {
    long[] skew = {0, 7, -5};
    HybridClock[] clocks = new HybridClock[COUNT];
    for (int i = 0; i < COUNT; i++) {
      long s = skew[i];
      clocks[i] = new HybridClock("r" + i, () -> Instant.ofEpochMilli(millis.getAsLong() + s));
    }
    return clocks;
  }
}
