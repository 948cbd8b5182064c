package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.store.types.Laws.merge;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class OrSetProperties {
  private static final Contents<OrSet<String>> C = OrSet.contents(TextCodec.strings());

  /** Adds or removes an element, after the wall clock moved by {@code advance} milliseconds. */
  record Op(boolean add, String element, long advance) {}

  @Property(tries = 200)
  void encodingRoundTrips(@ForAll("sets") OrSet<String> value) {
    Laws.roundTrips(C, value);
  }

  @Property(tries = 200)
  void decodingMangledBytesSucceedsOrThrowsIllegalArgument(
      @ForAll("sets") OrSet<String> value, @ForAll int at, @ForAll byte b, @ForAll int kind) {
    Laws.decodesOrRefuses(C, Laws.mutate(C.encode(value), at, b, kind));
  }

  @Property(tries = 200)
  void aChangeOnOneSideOnlyIsKept(
      @ForAll("sets") OrSet<String> base, @ForAll("sets") OrSet<String> x) {
    assertThat(merge(C, base, x, base)).isEqualTo(Merged.ok(x));
    assertThat(merge(C, base, base, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void mergeIsCommutative(
      @ForAll("maybeSets") Optional<OrSet<String>> base,
      @ForAll("sets") OrSet<String> ours,
      @ForAll("sets") OrSet<String> theirs) {
    assertThat(merge(C, base, ours, theirs)).isEqualTo(merge(C, base, theirs, ours));
  }

  @Property(tries = 200)
  void mergeIsIdempotent(@ForAll("sets") OrSet<String> base, @ForAll("sets") OrSet<String> x) {
    assertThat(merge(C, base, x, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void concurrentHistoriesConvergeKeepingEveryAddNoRemoveSaw(
      @ForAll("histories") List<Replicas.Step<Op>> steps) {
    AtomicLong wall = new AtomicLong(100);
    HybridClock[] clocks = Replicas.clocks(wall::get);
    Set<OrSet.Tagged<String>> added = new HashSet<>();
    Set<OrSet.Tagged<String>> removed = new HashSet<>();
    OrSet<String> merged = new Replicas<>(C, OrSet.<String>empty()).play(steps, (r, set, op) -> {
      wall.addAndGet(op.advance());
      OrSet<String> next = op.add() ? set.add(op.element(), clocks[r]) : set.remove(op.element());
      Set<OrSet.Tagged<String>> gone = new HashSet<>(set.pairs());
      gone.removeAll(next.pairs());
      removed.addAll(gone);
      Set<OrSet.Tagged<String>> fresh = new HashSet<>(next.pairs());
      fresh.removeAll(set.pairs());
      added.addAll(fresh);
      return next;
    });
    added.removeAll(removed);
    assertThat(merged.pairs()).isEqualTo(added);
  }

  @Provide
  Arbitrary<OrSet<String>> sets() {
    return Combinators.combine(Arbitraries.of("a", "b", "c", "x y", "\n"), Values.stamps())
        .as(OrSet.Tagged::new)
        .set()
        .ofMaxSize(8)
        .map(OrSet::new);
  }

  @Provide
  Arbitrary<Optional<OrSet<String>>> maybeSets() {
    return sets().optional(0.8);
  }

  @Provide
  Arbitrary<List<Replicas.Step<Op>>> histories() {
    return Replicas.histories(Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of("a", "b", "c", "d"),
            Arbitraries.longs().between(0, 2))
        .as(Op::new));
  }
}
