package org.nymote.bench.store;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Branch;
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
 * The latency of reading one random existing key at the head of a {@value Keys#STORE}-key store.
 * Nymote: {@code branch.tree().find(path)}, with the head as the process that wrote it holds it
 * ({@code written}) or after the repository was closed and opened again ({@code reopened}: the
 * tree is read from the pack on demand). Baseline: {@code TreeWalk.forPath} on the head commit's
 * tree, then the blob's bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Get {

  @State(Scope.Benchmark)
  public static class Nymote {
    @Param({"written", "reopened"})
    public String head;

    NymoteStore store;
    Branch main;

    @Setup(Level.Trial)
    public void setUp() {
      store = NymoteStore.create(new Keys(Keys.STORE));
      if (head.equals("reopened")) {
        store = store.reopen();
      }
      main = store.main();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  @State(Scope.Benchmark)
  public static class Git {
    GitStore store;
    ObjectId tree;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      store = GitStore.create(new Keys(Keys.STORE));
      tree = store.treeOf(store.head(GitStore.MAIN));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  @Benchmark
  public byte[] nymote(Nymote s) {
    int key = ThreadLocalRandom.current().nextInt(Keys.STORE);
    return s.main.tree().find(s.store.keys().path(key)).orElseThrow();
  }

  @Benchmark
  public byte[] jgit(Git s) throws IOException {
    int key = ThreadLocalRandom.current().nextInt(Keys.STORE);
    return s.store.get(s.tree, s.store.keys().gitPath(key));
  }
}
