package org.nymote.bench.store;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable single-key commits per second on a store of {@value Keys#STORE} keys: each operation
 * sets one random key to a new value and returns once the commit is on disk. One writer, then
 * eight writers on the same branch. Nymote: {@link Branch#set} (group commit: one journal fsync
 * per group). Baseline: {@link GitStore#commitOne} (loose objects and a ref, each fsynced).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableCommits {

  /** A Nymote store of {@value Keys#STORE} keys, shared by the writers. */
  @State(Scope.Benchmark)
  public static class Nymote {
    NymoteStore store;
    Branch main;
    final AtomicLong version = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
      store = NymoteStore.create(new Keys(Keys.STORE));
      main = store.main();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }

    Commit set() {
      int key = ThreadLocalRandom.current().nextInt(Keys.STORE);
      byte[] value = Keys.value(key, version.incrementAndGet());
      return main.set(NymoteStore.info("set"), store.keys().path(key), value);
    }
  }

  /** The plain-JGit store of the same keys, shared by the writers. */
  @State(Scope.Benchmark)
  public static class Git {
    GitStore store;
    final AtomicLong version = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      store = GitStore.create(new Keys(Keys.STORE));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }

    ObjectId set() throws IOException {
      int key = ThreadLocalRandom.current().nextInt(Keys.STORE);
      return store.commitOne(key, Keys.value(key, version.incrementAndGet()));
    }
  }

  @Benchmark
  @Threads(1)
  public Commit nymoteOneWriter(Nymote s) {
    return s.set();
  }

  @Benchmark
  @Threads(8)
  public Commit nymoteEightWriters(Nymote s) {
    return s.set();
  }

  @Benchmark
  @Threads(1)
  public ObjectId jgitOneWriter(Git s) throws IOException {
    return s.set();
  }

  @Benchmark
  @Threads(8)
  public ObjectId jgitEightWriters(Git s) throws IOException {
    return s.set();
  }
}
