package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.store.types.Laws.merge;

import java.util.ArrayList;
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

class AppendLogProperties {
  private static final Contents<AppendLog<String>> C = AppendLog.contents(TextCodec.strings());

  /** Appends a payload, after the wall clock moved by {@code advance} milliseconds. */
  record Append(String payload, long advance) {}

  @Property(tries = 200)
  void encodingRoundTrips(@ForAll("logs") AppendLog<String> value) {
    Laws.roundTrips(C, value);
  }

  @Property(tries = 200)
  void decodingMangledBytesSucceedsOrThrowsIllegalArgument(
      @ForAll("logs") AppendLog<String> value, @ForAll int at, @ForAll byte b, @ForAll int kind) {
    Laws.decodesOrRefuses(C, Laws.mutate(C.encode(value), at, b, kind));
  }

  @Property(tries = 200)
  void appendsOnOneSideOnlyAreKept(
      @ForAll("logs") AppendLog<String> base, @ForAll("logs") AppendLog<String> more) {
    AppendLog<String> x = union(base, more);
    assertThat(merge(C, base, x, base)).isEqualTo(Merged.ok(x));
    assertThat(merge(C, base, base, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void mergeIsTheUnionWhateverTheBase(
      @ForAll("maybeLogs") Optional<AppendLog<String>> base,
      @ForAll("logs") AppendLog<String> ours,
      @ForAll("logs") AppendLog<String> theirs) {
    assertThat(merge(C, base, ours, theirs)).isEqualTo(Merged.ok(union(ours, theirs)));
    assertThat(merge(C, base, ours, theirs)).isEqualTo(merge(C, base, theirs, ours));
  }

  @Property(tries = 200)
  void mergeIsIdempotent(
      @ForAll("logs") AppendLog<String> base, @ForAll("logs") AppendLog<String> x) {
    assertThat(merge(C, base, x, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void concurrentHistoriesConvergeWithNoEntryLost(
      @ForAll("histories") List<Replicas.Step<Append>> steps) {
    AtomicLong wall = new AtomicLong(100);
    HybridClock[] clocks = Replicas.clocks(wall::get);
    List<AppendLog.Entry<String>> appended = new ArrayList<>();
    AppendLog<String> merged = new Replicas<>(C, AppendLog.<String>empty())
        .play(steps, (r, log, append) -> {
          wall.addAndGet(append.advance());
          AppendLog<String> next = log.append(append.payload(), clocks[r]);
          List<AppendLog.Entry<String>> fresh = new ArrayList<>(next.entries());
          fresh.removeAll(log.entries());
          appended.addAll(fresh);
          return next;
        });
    assertThat(merged).isEqualTo(new AppendLog<>(appended));
    assertThat(merged.entries()).hasSameSizeAs(appended);
  }

  private static AppendLog<String> union(AppendLog<String> a, AppendLog<String> b) {
    List<AppendLog.Entry<String>> all = new ArrayList<>(a.entries());
    all.addAll(b.entries());
    return new AppendLog<>(all);
  }

  @Provide
  Arbitrary<AppendLog<String>> logs() {
    // The payload follows from stamp and id, as it does for entries appended once.
    return Combinators.combine(Values.stamps(), Arbitraries.of("m1", "m2", "x"))
        .as((stamp, id) -> new AppendLog.Entry<>(stamp, id, "body of " + id + "\n@" + stamp))
        .list()
        .ofMaxSize(8)
        .map(AppendLog::new);
  }

  @Provide
  Arbitrary<Optional<AppendLog<String>>> maybeLogs() {
    return logs().optional(0.8);
  }

  @Provide
  Arbitrary<List<Replicas.Step<Append>>> histories() {
    return Replicas.histories(
        Combinators.combine(Values.texts(), Arbitraries.longs().between(0, 2)).as(Append::new));
  }
}
