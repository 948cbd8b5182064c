package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.store.types.Laws.merge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class LwwProperties {
  private static final Contents<Lww<String>> C = Lww.contents(TextCodec.strings());

  record Write(String value, long advance) {}

  @Property(tries = 200)
  void encodingRoundTrips(@ForAll("registers") Lww<String> value) {
    Laws.roundTrips(C, value);
  }

  @Property(tries = 200)
  void decodingMangledBytesSucceedsOrThrowsIllegalArgument(
      @ForAll("registers") Lww<String> value, @ForAll int at, @ForAll byte b, @ForAll int kind) {
    Laws.decodesOrRefuses(C, Laws.mutate(C.encode(value), at, b, kind));
  }

  @Property(tries = 200)
  void aWriteOnOneSideOnlyIsKept(
      @ForAll("registers") Lww<String> base, @ForAll("texts") String value, @ForAll long wall) {
    HybridClock clock = new HybridClock("w", () -> Instant.ofEpochMilli(Math.abs(wall % 10)));
    Lww<String> x = base.set(value, clock);
    assertThat(merge(C, base, x, base)).isEqualTo(Merged.ok(x));
    assertThat(merge(C, base, base, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void mergeIsCommutative(
      @ForAll("registers") Lww<String> base,
      @ForAll("registers") Lww<String> ours,
      @ForAll("registers") Lww<String> theirs) {
    assertThat(merge(C, base, ours, theirs)).isEqualTo(merge(C, base, theirs, ours));
  }

  @Property(tries = 200)
  void mergeIsIdempotent(
      @ForAll("registers") Lww<String> base, @ForAll("registers") Lww<String> x) {
    assertThat(merge(C, base, x, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 50)
  void aMissingBaseChangesNothing(
      @ForAll("registers") Lww<String> ours, @ForAll("registers") Lww<String> theirs) {
    assertThat(merge(C, Optional.empty(), ours, theirs)).isEqualTo(merge(C, ours, ours, theirs));
  }

  @Property(tries = 200)
  void concurrentHistoriesConvergeOnTheLastWrite(
      @ForAll("histories") List<Replicas.Step<Write>> steps) {
    AtomicLong wall = new AtomicLong(100);
    HybridClock[] clocks = Replicas.clocks(wall::get);
    Lww<String> initial = new Lww<>("initial", new Hlc(0, 0, "root"));
    List<Lww<String>> writes = new ArrayList<>(List.of(initial));
    Lww<String> merged = new Replicas<>(C, initial).play(steps, (replica, value, write) -> {
      wall.addAndGet(write.advance());
      Lww<String> next = value.set(write.value(), clocks[replica]);
      writes.add(next);
      return next;
    });
    assertThat(merged)
        .isEqualTo(writes.stream().max(Comparator.comparing(Lww::stamp)).get());
  }

  @Provide
  Arbitrary<Lww<String>> registers() {
    return Combinators.combine(Values.texts(), Values.stamps()).as(Lww::new);
  }

  @Provide
  Arbitrary<String> texts() {
    return Values.texts();
  }

  @Provide
  Arbitrary<List<Replicas.Step<Write>>> histories() {
    return Replicas.histories(
        Combinators.combine(Values.texts(), Arbitraries.longs().between(0, 3)).as(Write::new));
  }
}
