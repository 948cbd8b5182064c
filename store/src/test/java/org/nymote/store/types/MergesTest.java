package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nymote.store.Merge;
import org.nymote.store.Merged;
import org.nymote.store.Merges;

class MergesTest {
  private static <T> Supplier<Optional<T>> base(T value) {
    return () -> Optional.of(value);
  }

  private static <T> Supplier<Optional<T>> noBase() {
    return Optional::empty;
  }

  @Test
  void atomicTakesTheOnlyChangeAndRefusesTwoDifferentOnes() {
    Merge<String> m = Merges.atomic();
    assertThat(m.merge(base("a"), "b", "a")).isEqualTo(Merged.ok("b"));
    assertThat(m.merge(base("a"), "a", "c")).isEqualTo(Merged.ok("c"));
    assertThat(m.merge(base("a"), "b", "b")).isEqualTo(Merged.ok("b"));
    assertThat(m.merge(base("a"), "b", "c")).isInstanceOf(Merged.Conflict.class);
  }

  @Test
  void counterAddsBothSidesChanges() {
    assertThat(Merges.counter().merge(base(5L), 7L, 4L)).isEqualTo(Merged.ok(6L));
    assertThat(Merges.counter().merge(noBase(), 7L, 4L)).isEqualTo(Merged.ok(11L));
  }

  @Test
  void setUnionKeepsAdditionsAndDropsRemovalsFromEitherSide() {
    Merge<Set<String>> m = Merges.setUnion();
    var merged = m.merge(base(Set.of("a", "b", "c")), Set.of("a", "b", "x"), Set.of("b", "c", "y"));
    assertThat(merged).isEqualTo(Merged.ok(Set.of("b", "x", "y")));
  }

  @Test
  void setUnionWithNoBaseIsTheUnion() {
    Merge<Set<String>> m = Merges.setUnion();
    assertThat(m.merge(noBase(), Set.of("a"), Set.of("b"))).isEqualTo(Merged.ok(Set.of("a", "b")));
  }

  @Test
  void lastWriterWinsKeepsTheGreaterAndNeverReadsTheBase() {
    Merge<Integer> m = Merges.lastWriterWins(Comparator.naturalOrder());
    Supplier<Optional<Integer>> unreadable = () -> {
      throw new AssertionError("read the base");
    };
    assertThat(m.merge(unreadable, 3, 9)).isEqualTo(Merged.ok(9));
    assertThat(m.merge(unreadable, 9, 3)).isEqualTo(Merged.ok(9));
  }

  @Test
  void lastWriterWinsRefusesTwoDifferentValuesThatRankEqual() {
    Merge<String> m = Merges.lastWriterWins(Comparator.comparing(String::length));
    assertThat(m.merge(noBase(), "ab", "cd")).isInstanceOf(Merged.Conflict.class);
    assertThat(m.merge(noBase(), "ab", "ab")).isEqualTo(Merged.ok("ab"));
  }

  @Test
  void optionDeletesWhatTheOtherSideKeptAndRefusesADeletedChange() {
    Merge<Optional<String>> m = Merges.option(Merges.atomic());
    assertThat(m.merge(base(Optional.of("a")), Optional.empty(), Optional.of("a")))
        .isEqualTo(Merged.ok(Optional.empty()));
    assertThat(m.merge(base(Optional.of("a")), Optional.empty(), Optional.of("b")))
        .isEqualTo(Merged.conflict("deleted on one side and changed on the other"));
    assertThat(m.merge(noBase(), Optional.empty(), Optional.of("b")))
        .isEqualTo(Merged.ok(Optional.of("b")));
  }

  @Test
  void mapMergesKeyByKeyAndNamesEveryConflictingKey() {
    Merge<Map<String, Long>> counters = Merges.map(Merges.counter());
    assertThat(counters.merge(
            base(Map.of("a", 1L, "gone", 3L)),
            Map.of("a", 2L, "new", 1L),
            Map.of("a", 5L, "gone", 3L)))
        .isEqualTo(Merged.ok(Map.of("a", 6L, "new", 1L)));

    Merge<Map<String, String>> atomic = Merges.map(Merges.atomic());
    assertThat(atomic.merge(
            base(Map.of("z", "0", "k", "0")),
            Map.of("z", "1", "k", "1"),
            Map.of("z", "2", "k", "2")))
        .isEqualTo(Merged.conflict("k: changed to different values on both sides; "
            + "z: changed to different values on both sides"));
  }

  @Test
  void mapReadsTheBaseOnceHoweverManyKeysNeedIt() {
    AtomicInteger reads = new AtomicInteger();
    Supplier<Optional<Map<String, String>>> counted = () -> {
      reads.incrementAndGet();
      return Optional.of(Map.of("a", "0", "b", "0"));
    };
    Merges.<String, String>map(Merges.atomic())
        .merge(counted, Map.of("a", "1", "b", "1"), Map.of("a", "0", "b", "0"));
    assertThat(reads).hasValue(1);
  }
}
