package org.nymote.bench.store;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Commit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One durable commit that sets all {@value Keys#STORE} keys of the store to new values; sets/s is
 * {@value Keys#STORE} divided by the time of one operation. Nymote: one {@code branch.update}
 * whose function makes {@value Keys#STORE} {@code with} calls. Baseline: a {@code DirCache} of the
 * same keys built with one inserter (loose objects), its trees, a commit, one flush and one ref
 * update ({@link GitStore#commitAll}). Single-shot: each operation is long, and each writes a new
 * version of every value.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OneUpdate {

  @State(Scope.Benchmark)
  public static class Nymote {
    NymoteStore store;
    long version;

    @Setup(Level.Trial)
    public void setUp() {
      store = NymoteStore.create(new Keys(Keys.STORE));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Git {
    GitStore store;
    long version;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      store = GitStore.create(new Keys(Keys.STORE));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  @Benchmark
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public Commit nymote(Nymote s) {
    return s.store.update(s.store.main(), i -> true, ++s.version);
  }

  /** About 150 s per operation on our machines (100,000 fsynced loose objects): one shot. */
  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public ObjectId jgit(Git s) throws IOException {
    return s.store.commitAll(++s.version);
  }
}
