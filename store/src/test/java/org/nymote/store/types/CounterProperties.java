package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.store.types.Laws.merge;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class CounterProperties {
  private static final Contents<Long> C = Counter.CONTENTS;

  @Property(tries = 200)
  void encodingRoundTrips(@ForAll long value) {
    Laws.roundTrips(C, value);
  }

  @Property(tries = 200)
  void decodingMangledBytesSucceedsOrThrowsIllegalArgument(
      @ForAll long value, @ForAll int at, @ForAll byte b, @ForAll int kind) {
    Laws.decodesOrRefuses(C, Laws.mutate(C.encode(value), at, b, kind));
  }

  @Property(tries = 200)
  void aChangeOnOneSideOnlyIsKept(@ForAll long base, @ForAll long x) {
    assertThat(merge(C, base, x, base)).isEqualTo(Merged.ok(x));
    assertThat(merge(C, base, base, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void mergeIsCommutative(@ForAll Optional<Long> base, @ForAll long ours, @ForAll long theirs) {
    assertThat(merge(C, base, ours, theirs)).isEqualTo(merge(C, base, theirs, ours));
  }

  @Property(tries = 200)
  void theSameChangeOnBothSidesCountsTwice(@ForAll long base, @ForAll long delta) {
    assertThat(merge(C, base, base + delta, base + delta)).isEqualTo(Merged.ok(base + 2 * delta));
  }

  @Property(tries = 200)
  void concurrentHistoriesConvergeWithEveryIncrementCounted(
      @ForAll("histories") List<Replicas.Step<Long>> steps) {
    long[] expected = {0};
    long merged = new Replicas<>(C, 0L).play(steps, (replica, value, delta) -> {
      expected[0] += delta;
      return value + delta;
    });
    assertThat(merged).isEqualTo(expected[0]);
  }

  @Provide
  Arbitrary<List<Replicas.Step<Long>>> histories() {
    return Replicas.histories(Arbitraries.longs().between(-5, 5));
  }
}
