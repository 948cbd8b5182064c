package org.nymote.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.store.types.AppendLog;
import org.nymote.store.types.Counter;
import org.nymote.store.types.HybridClock;
import org.nymote.store.types.JsonRecord;
import org.nymote.store.types.Lww;
import org.nymote.store.types.OrSet;
import org.nymote.store.types.TextCodec;

/**
 * Convergence of the whole store: three replicas (branches) edit values of every mergeable type
 * concurrently and merge pairwise in random order, as sync does; after a final round of merges all
 * three hold the same tree, and no edit was lost.
 */
class ConvergenceProperties {
  private static final Contents<Lww<String>> LWW = Lww.contents(TextCodec.strings());
  private static final Contents<OrSet<String>> SET = OrSet.contents(TextCodec.strings());
  private static final Contents<AppendLog<String>> LOG = AppendLog.contents(TextCodec.strings());
  private static final Schema SCHEMA = Schema.builder()
      .rule("counters/*", Counter.CONTENTS)
      .rule("registers/*", LWW)
      .rule("sets/*", SET)
      .rule("logs/*", LOG)
      .rule("records/*", JsonRecord.CONTENTS)
      .build();

  enum Kind {
    INCREMENT,
    REGISTER,
    ADD,
    REMOVE,
    APPEND,
    FIELD,
    MERGE
  }

  record Action(Kind kind, int replica, int other, int key, int value) {}

  @Provide
  Arbitrary<List<Action>> histories() {
    Arbitrary<Action> a = Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 5))
        .as(Action::new);
    return a.list().ofMinSize(5).ofMaxSize(40);
  }

  @Property(tries = 60)
  void threeReplicasEditingConcurrentlyConvergeWithNoEditLost(
      @ForAll("histories") List<Action> history) {
    try (Repo repo = Repo.inMemory(SCHEMA)) {
      Branch[] r = new Branch[3];
      HybridClock[] clocks = new HybridClock[3];
      Commit root =
          repo.branch("r0").set(Info.now("r0", "root"), Path.parse("root"), new byte[] {1});
      for (int i = 0; i < 3; i++) {
        r[i] = repo.branch("r" + i);
        if (i > 0) {
          r[i].compareAndSet(Optional.empty(), root.id());
        }
        clocks[i] = new HybridClock("r" + i);
      }
      Map<Integer, Long> increments = new HashMap<>();
      Set<String> appended = new HashSet<>();
      Set<String> removedAnywhere = new HashSet<>();
      Set<String> added = new HashSet<>();
      for (Action a : history) {
        Branch b = r[a.replica()];
        HybridClock clock = clocks[a.replica()];
        Info info = Info.now("r" + a.replica(), a.kind().name());
        switch (a.kind()) {
          case INCREMENT -> {
            Path p = Path.parse("counters/c" + a.key());
            b.update(
                info,
                t -> t.with(p, Counter.CONTENTS, t.find(p, Counter.CONTENTS).orElse(0L) + 1));
            increments.merge(a.key(), 1L, Long::sum);
          }
          case REGISTER -> {
            Path p = Path.parse("registers/g" + a.key());
            String v = "r" + a.replica() + "v" + a.value();
            b.update(
                info,
                t -> t.with(
                    p,
                    LWW,
                    t.find(p, LWW)
                        .map(old -> old.set(v, clock))
                        .orElseGet(() -> Lww.of(v, clock))));
          }
          case ADD, REMOVE -> {
            Path p = Path.parse("sets/s" + a.key());
            String e = "e" + a.value();
            if (a.kind() == Kind.ADD) {
              added.add(a.key() + "/" + e);
            } else {
              removedAnywhere.add(a.key() + "/" + e);
            }
            b.update(info, t -> {
              OrSet<String> s = t.find(p, SET).orElse(OrSet.empty());
              return t.with(p, SET, a.kind() == Kind.ADD ? s.add(e, clock) : s.remove(e));
            });
          }
          case APPEND -> {
            Path p = Path.parse("logs/l" + a.key());
            String entry = "r" + a.replica() + "-" + appended.size();
            appended.add(a.key() + "/" + entry);
            b.update(
                info,
                t -> t.with(p, LOG, t.find(p, LOG).orElse(AppendLog.empty()).append(entry, clock)));
          }
          case FIELD -> {
            Path p = Path.parse("records/j" + a.key());
            String field =
                "f" + a.replica(); // each replica owns its fields: no conflicts by design
            b.update(
                info,
                t -> t.with(
                    p,
                    JsonRecord.CONTENTS,
                    t.find(p, JsonRecord.CONTENTS)
                        .orElse(JsonRecord.empty())
                        .with(field, IntNode.valueOf(a.value()))));
          }
          case MERGE -> {
            if (a.other() != a.replica()) {
              MergeResult m = b.merge(r[a.other()].head().orElseThrow().id(), info);
              assertThat(m.conflicts())
                  .as("merge of %s into %s", a.other(), a.replica())
                  .isEmpty();
            }
          }
        }
      }
      // A full round: everything into r0, then r0 into the others.
      for (int i = 1; i < 3; i++) {
        assertThat(r[0].merge(r[i].head().orElseThrow().id(), Info.now("r0", "round"))
                .isClean())
            .isTrue();
      }
      for (int i = 1; i < 3; i++) {
        r[i].merge(r[0].head().orElseThrow().id(), Info.now("r" + i, "round"));
      }
      Tree t0 = r[0].tree();
      assertThat(r[1].tree().id()).isEqualTo(t0.id());
      assertThat(r[2].tree().id()).isEqualTo(t0.id());
      increments.forEach((k, n) ->
          assertThat(t0.find(Path.parse("counters/c" + k), Counter.CONTENTS)).contains(n));
      for (String e : appended) {
        String[] kv = e.split("/");
        AppendLog<String> log = t0.find(Path.parse("logs/l" + kv[0]), LOG).orElseThrow();
        assertThat(log.entries()).anyMatch(x -> x.payload().equals(kv[1]));
      }
      for (String e : added) {
        if (!removedAnywhere.contains(e)) {
          String[] kv = e.split("/");
          assertThat(t0.find(Path.parse("sets/s" + kv[0]), SET).orElseThrow().contains(kv[1]))
              .isTrue();
        }
      }
    }
  }
}
