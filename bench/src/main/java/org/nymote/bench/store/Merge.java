package org.nymote.bench.store;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Branch;
import org.nymote.store.MergeResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The merge of two branches of a {@value Keys#STORE}-key store that each changed 10,000 other
 * keys since their merge base: branch {@code a} every key ending in 0, branch {@code b} every key
 * ending in 5. The operation merges {@code b} into {@code a} and commits, durably. Before each
 * operation {@code a} is made again from the base with new values, so that every merge writes new
 * trees. Nymote: {@code branch.merge}, with {@code a}'s tree as its writer left it in memory
 * ({@code written}) or read from the pack on demand ({@code loaded}). Baseline: JGit's recursive
 * merger in core, a merge commit through one inserter, one ref update.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Merge {
  static final IntPredicate CHANGED_ON_A = i -> i % 10 == 0;
  static final IntPredicate CHANGED_ON_B = i -> i % 10 == 5;

  @State(Scope.Benchmark)
  public static class Nymote {
    @Param({"written", "loaded"})
    public String head;

    NymoteStore store;
    Branch a;
    ObjectId base;
    ObjectId theirs;
    long version = 1;

    @Setup(Level.Trial)
    public void setUp() {
      store = NymoteStore.create(new Keys(Keys.STORE));
      base = store.main().head().orElseThrow().id();
      Branch b = store.repo().branch("b");
      b.compareAndSet(Optional.empty(), base);
      theirs = store.update(b, CHANGED_ON_B, 1).id();
      a = store.repo().branch("a");
      a.compareAndSet(Optional.empty(), base);
      store.repo().checkpoint();
    }

    @Setup(Level.Invocation)
    public void remakeA() {
      a.compareAndSet(a.head().map(c -> c.id()), base);
      ObjectId ours = store.update(a, CHANGED_ON_A, ++version).id();
      if (head.equals("loaded")) {
        store.repo().checkpoint();
        a.compareAndSet(Optional.of(ours), ours);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Git {
    static final String A = Constants.R_HEADS + "a";

    GitStore store;
    ObjectId base;
    ObjectId theirs;
    ObjectId ours;
    long version = 1;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      store = GitStore.create(new Keys(Keys.STORE));
      base = store.head(GitStore.MAIN);
      theirs = store.writePacked(i -> Keys.value(i, CHANGED_ON_B.test(i) ? 1 : 0), "b", base);
      store.move(Constants.R_HEADS + "b", null, theirs);
    }

    @Setup(Level.Invocation)
    public void remakeA() throws IOException {
      long v = ++version;
      ours = store.writePacked(i -> Keys.value(i, CHANGED_ON_A.test(i) ? v : 0), "a", base);
      store.move(A, null, ours);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  @Benchmark
  public MergeResult nymote(Nymote s) {
    MergeResult m = s.a.merge(s.theirs, NymoteStore.info("merge b"));
    if (!m.isClean() || m.commit().isEmpty()) {
      throw new IllegalStateException("the merge did not commit: " + m.conflicts());
    }
    return m;
  }

  @Benchmark
  public ObjectId jgit(Git s) throws IOException {
    return s.store.merge(Git.A, s.ours, s.theirs);
  }
}
