package org.nymote.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every backend must show, run against each ({@link MemRepoTest}, {@link
 * GitDirRepoTest}). One repository per class; each test works on a branch named after itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepoContract {
  protected Repo repo;
  private final AtomicInteger branches = new AtomicInteger();

  protected abstract Repo openRepo() throws Exception;

  @BeforeAll
  void start() throws Exception {
    repo = openRepo();
  }

  @AfterAll
  void stop() {
    repo.close();
  }

  protected Branch fresh(TestInfo t) {
    return repo.branch(
        t.getTestMethod().orElseThrow().getName() + "-" + branches.incrementAndGet());
  }

  protected static Info info(String msg) {
    return Info.now("test-device", msg);
  }

  protected static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  protected static Path p(String s) {
    return Path.parse(s);
  }

  @Test
  void aValueSetIsReadBackAtTheHead(TestInfo t) {
    Branch br = fresh(t);
    assertThat(br.exists()).isFalse();
    Commit c = br.set(info("one"), p("a/b/c"), b("hello"));
    assertThat(br.head()).contains(c);
    assertThat(br.tree().find(p("a/b/c")))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("hello")));
    assertThat(br.tree().list(p("a"))).containsExactly("b");
    assertThat(br.tree().isDirectory(p("a/b"))).isTrue();
    assertThat(repo.getCommit(c.id()).info().message()).isEqualTo("one");
  }

  @Test
  void removingTheLastValueOfADirectoryRemovesTheDirectory(TestInfo t) {
    Branch br = fresh(t);
    br.update(info("two"), x -> x.with(p("d/e/f"), b("1")).with(p("top"), b("2")));
    br.remove(info("rm"), p("d/e/f"));
    assertThat(br.tree().list(Path.ROOT)).containsExactly("top");
  }

  @Test
  void anUpdateThatChangesNothingMakesNoCommit(TestInfo t) {
    Branch br = fresh(t);
    Commit c = br.set(info("x"), p("k"), b("v"));
    assertThat(br.set(info("again"), p("k"), b("v"))).isEqualTo(c);
  }

  @Test
  void largeDirectoriesAreShardedAndTheLayoutDependsOnlyOnTheNames(TestInfo t) {
    Tree forward = Tree.empty();
    Tree backward = Tree.empty();
    for (int i = 0; i < 3000; i++) {
      forward = forward.with(p("big/" + i), b("v" + i));
      backward = backward.with(p("big/" + (2999 - i)), b("v" + (2999 - i)));
    }
    assertThat(forward.id()).isEqualTo(backward.id());
    assertThat(forward.list(p("big"))).hasSize(3000);
    Tree shrunk = forward;
    for (int i = 1000; i < 3000; i++) {
      shrunk = shrunk.without(p("big/" + i));
    }
    Tree direct = Tree.empty();
    for (int i = 0; i < 1000; i++) {
      direct = direct.with(p("big/" + i), b("v" + i));
    }
    assertThat(shrunk.id()).isEqualTo(direct.id());
    Branch br = fresh(t);
    Tree big = forward;
    br.update(info("big"), x -> big);
    Tree reread = repo.tree(br.head().orElseThrow());
    assertThat(reread.find(p("big/1234")))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v1234")));
    assertThat(reread.list(p("big"))).hasSize(3000);
  }

  @Test
  void concurrentWritersOfDifferentKeysNeverLoseAnUpdate(TestInfo t) throws Exception {
    Branch br = fresh(t);
    br.set(info("init"), p("init"), b("0"));
    int writers = 8;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      fs.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          br.set(info("w" + id), p("w" + id + "/" + i), b(id + ":" + i));
        }
      }));
    }
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < each; i++) {
        assertThat(br.tree().find(p("w" + w + "/" + i))).isPresent();
      }
    }
    assertThat(repo.log(br.head().orElseThrow().id(), 10_000)).hasSize(writers * each + 1);
  }

  @Test
  void concurrentWritersOfTheSameKeyAreRerunOnConflictSoNoChangeIsLost(TestInfo t)
      throws Exception {
    Branch br = fresh(t);
    br.set(info("init"), p("log"), b(""));
    int writers = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      fs.add(pool.submit(() -> {
        for (int i = 0; i < each; i++) {
          String token = "w" + id + "-" + i + ";";
          // Each writer appends its own token: concurrent appends conflict as opaque bytes, so
          // the losing writer's function must run again on the new head.
          br.update(
              info("append"), x -> x.with(p("log"), b(new String(x.get(p("log")), UTF_8) + token)));
        }
      }));
    }
    for (Future<?> f : fs) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    String log = new String(br.tree().get(p("log")), UTF_8);
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < each; i++) {
        assertThat(log).contains("w" + w + "-" + i + ";");
      }
    }
    assertThat(log.split(";")).hasSize(writers * each);
  }

  @Test
  void concurrentAddsToASetMergeByTheSchemaIntoTheNewHead(TestInfo t) throws Exception {
    Contents<java.util.SortedSet<String>> set = Contents.of(
        "set",
        v -> b(String.join(",", v)),
        bs -> new java.util.TreeSet<>(
            new String(bs, UTF_8).isEmpty()
                ? List.of()
                : List.of(new String(bs, UTF_8).split(","))),
        (base, o, th) -> {
          java.util.SortedSet<String> out = new java.util.TreeSet<>(o);
          out.addAll(th);
          return Merged.ok(out);
        });
    try (Repo sets = Repo.inMemory(Schema.builder().rule("sets/*", set).build())) {
      Branch br = sets.branch("main");
      br.set(info("init"), p("sets/s"), b(""));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int id = w;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            String e = id + "." + i;
            br.update(info("add"), x -> {
              java.util.SortedSet<String> s2 =
                  new java.util.TreeSet<>(x.find(p("sets/s"), set).orElseThrow());
              s2.add(e);
              return x.with(p("sets/s"), set, s2);
            });
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(br.tree().find(p("sets/s"), set).orElseThrow()).hasSize(100);
    }
  }

  @Test
  void concurrentIncrementsOfANonIdempotentCounterAreAllCounted() throws Exception {
    Contents<Long> counter = new Contents<>() {
      @Override
      public String name() {
        return "counter";
      }

      @Override
      public byte[] encode(Long v) {
        return b(Long.toString(v));
      }

      @Override
      public Long decode(byte[] bs) {
        return Long.parseLong(new String(bs, UTF_8));
      }

      @Override
      public Merged<Long> merge(java.util.function.Supplier<Optional<Long>> base, Long o, Long t) {
        return Merged.ok(o + t - base.get().orElse(0L));
      }

      @Override
      public boolean idempotent() {
        return false;
      }
    };
    try (Repo counted =
        Repo.inMemory(Schema.builder().rule("counters/*", counter).build())) {
      Branch br = counted.branch("main");
      br.set(info("init"), p("counters/n"), b("0"));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            br.update(
                info("inc"),
                x -> x.with(
                    p("counters/n"), counter, x.find(p("counters/n"), counter).orElse(0L) + 1));
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(br.tree().find(p("counters/n"), counter)).contains(100L);
    }
  }

  @Test
  void anExactUpdateRerunsItsCheckOnTheNewHeadInsteadOfMerging(TestInfo t) throws Exception {
    Branch br = fresh(t);
    br.set(info("init"), p("init"), b("0"));
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Boolean>> fs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      fs.add(pool.submit(() -> {
        go.await();
        try {
          // Claim only if nobody has: a precondition on the whole directory, which a merge of
          // two claims on different paths would break.
          br.updateExactly(info("claim"), x -> {
            if (!x.list(p("claims")).isEmpty()) {
              throw new IllegalStateException("taken");
            }
            return x.with(p("claims/" + id), b("mine"));
          });
          return true;
        } catch (IllegalStateException e) {
          return false;
        }
      }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : fs) {
      won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
    assertThat(br.tree().list(p("claims"))).hasSize(1);
    assertThat(br.snapshot().head()).isEqualTo(br.head());
  }

  @Test
  void updatesInTurnSeeEachOthersChangesAndAFailedOneCommitsNothing(TestInfo t) throws Exception {
    Branch br = fresh(t);
    br.set(info("init"), p("claims/none"), b("0"));
    int writers = 8;
    int each = 20;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Integer>> fs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      fs.add(pool.submit(() -> {
        go.await();
        int refused = 0;
        for (int i = 0; i < each; i++) {
          // Each claim wants the count of claims so far in its name: a check on the whole
          // directory, so two claims made from one tree would clash on a name.
          int n = i;
          try {
            br.updateInTurn(info("claim"), x -> {
              if (n == 0 && id % 2 == 0) {
                throw new IllegalStateException("refused");
              }
              int count = x.list(p("claims")).size();
              return x.with(p("claims/" + count), b(id + ":" + n));
            });
          } catch (IllegalStateException e) {
            refused++;
          }
        }
        return refused;
      }));
    }
    go.countDown();
    int refused = 0;
    for (Future<Integer> f : fs) {
      refused += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(refused).isEqualTo(writers / 2);
    // "none" plus claims 1 .. N: every claim saw all those before it, none was lost.
    int made = writers * each - refused;
    assertThat(br.tree().list(p("claims"))).hasSize(made + 1);
    assertThat(br.tree().find(p("claims/" + made))).isPresent();
    assertThat(br.snapshot().head()).isEqualTo(br.head());
  }

  @Test
  void aTransactionIsInvisibleUntilCommittedAndMergesIntoAMovedHead(TestInfo t) {
    Branch br = fresh(t);
    br.set(info("init"), p("a"), b("1"));
    try (Transaction tx = br.begin()) {
      tx.put(p("b"), b("2"));
      assertThat(br.tree().find(p("b"))).isEmpty();
      br.set(info("meanwhile"), p("c"), b("3"));
      tx.commit(info("tx"));
    }
    assertThat(br.tree().list(Path.ROOT)).containsExactly("a", "b", "c");
  }

  @Test
  void aTransactionThatConflictsWithAConcurrentCommitFailsAndCommitsNothing(TestInfo t) {
    Branch br = fresh(t);
    br.set(info("init"), p("a"), b("1"));
    Transaction tx = br.begin();
    tx.put(p("a"), b("mine"));
    Commit theirs = br.set(info("theirs"), p("a"), b("theirs"));
    assertThatThrownBy(() -> tx.commit(info("tx")))
        .isInstanceOf(UpdateFailedException.class)
        .satisfies(e -> assertThat(((UpdateFailedException) e).conflicts())
            .extracting(Conflict::path)
            .containsExactly(p("a")));
    assertThat(br.head()).contains(theirs);
  }

  @Test
  void mergingDivergentBranchesKeepsBothSidesAndRecordsBothParents(TestInfo t) {
    Branch a = fresh(t);
    Commit base = a.set(info("base"), p("shared"), b("s"));
    Branch bb = fresh(t);
    bb.compareAndSet(Optional.empty(), base.id());
    a.set(info("a"), p("x/a"), b("A"));
    Commit theirs = bb.set(info("b"), p("x/b"), b("B"));
    MergeResult m = a.merge(bb, info("merge"));
    assertThat(m.isClean()).isTrue();
    assertThat(m.commit().orElseThrow().parents()).hasSize(2).contains(theirs.id());
    assertThat(a.tree().list(p("x"))).containsExactly("a", "b");
    // merging again is a no-op; merging back the other way fast-forwards
    assertThat(a.merge(bb, info("again")).commit()).isEqualTo(a.head());
    bb.merge(a, info("ff"));
    assertThat(bb.head()).isEqualTo(a.head());
  }

  @Test
  void aConflictingMergeNamesEachConflictWithBothSidesAndCommitsNothing(TestInfo t) {
    Branch a = fresh(t);
    Commit base = a.set(info("base"), p("v"), b("base"));
    Branch bb = fresh(t);
    bb.compareAndSet(Optional.empty(), base.id());
    Commit ours = a.update(info("a"), x -> x.with(p("v"), b("ours")).with(p("clash"), b("file")));
    bb.update(info("b"), x -> x.with(p("v"), b("theirs")).with(p("clash/inner"), b("dir")));
    MergeResult m = a.merge(bb, info("merge"));
    assertThat(m.isClean()).isFalse();
    assertThat(m.commit()).isEmpty();
    assertThat(a.head()).contains(ours);
    assertThat(m.conflicts())
        .extracting(Conflict::path)
        .containsExactlyInAnyOrder(p("v"), p("clash"));
    Conflict v =
        m.conflicts().stream().filter(c -> c.path().equals(p("v"))).findFirst().orElseThrow();
    assertThat(v.ours()).hasValueSatisfying(x -> assertThat(x).isEqualTo(b("ours")));
    assertThat(v.theirs()).hasValueSatisfying(x -> assertThat(x).isEqualTo(b("theirs")));
    assertThat(v.base()).hasValueSatisfying(x -> assertThat(x).isEqualTo(b("base")));
  }

  @Test
  void aDeletionAgainstAChangeIsAConflictNotASilentLoss(TestInfo t) {
    Branch a = fresh(t);
    Commit base = a.set(info("base"), p("d/v"), b("base"));
    Branch bb = fresh(t);
    bb.compareAndSet(Optional.empty(), base.id());
    a.remove(info("rm"), p("d"));
    bb.set(info("change"), p("d/v"), b("changed"));
    MergeResult m = a.merge(bb, info("merge"));
    assertThat(m.conflicts()).extracting(Conflict::path).containsExactly(p("d/v"));
    assertThat(m.tree().find(p("d/v")))
        .hasValueSatisfying(x -> assertThat(x).isEqualTo(b("changed")));
  }

  @Test
  void crissCrossHistoriesMergeOnAVirtualBase(TestInfo t) {
    Branch a = fresh(t);
    Commit base = a.set(info("base"), p("f"), b("0"));
    Branch bb = fresh(t);
    bb.compareAndSet(Optional.empty(), base.id());
    Commit a1 = a.set(info("a1"), p("a"), b("1"));
    Commit b1 = bb.set(info("b1"), p("b"), b("1"));
    // criss-cross: each merges the other's first commit
    a.merge(b1.id(), info("a merges b1"));
    bb.merge(a1.id(), info("b merges a1"));
    assertThat(
            repo.mergeBases(a.head().orElseThrow().id(), bb.head().orElseThrow().id()))
        .containsExactlyInAnyOrder(a1.id(), b1.id());
    a.set(info("a2"), p("a"), b("2"));
    bb.set(info("b2"), p("b"), b("2"));
    MergeResult m = a.merge(bb, info("final"));
    assertThat(m.isClean()).isTrue();
    assertThat(a.tree().get(p("a"))).isEqualTo(b("2"));
    assertThat(a.tree().get(p("b"))).isEqualTo(b("2"));
    assertThat(a.tree().get(p("f"))).isEqualTo(b("0"));
  }

  @Test
  void historyLogDiffRevertAndAsOf(TestInfo t) throws Exception {
    Branch br = fresh(t);
    Commit c1 =
        br.set(new Info("dev", Instant.parse("2026-01-01T00:00:00Z"), "one"), p("x"), b("1"));
    Commit c2 =
        br.set(new Info("dev", Instant.parse("2026-01-02T00:00:00Z"), "two"), p("y"), b("2"));
    Commit c3 =
        br.set(new Info("dev", Instant.parse("2026-01-03T00:00:00Z"), "three"), p("x"), b("3"));
    assertThat(repo.log(c3.id(), 10))
        .extracting(Commit::id)
        .containsExactly(c3.id(), c2.id(), c1.id());
    assertThat(repo.history(c3.id(), p("x"), 10))
        .extracting(Commit::id)
        .containsExactly(c3.id(), c1.id());
    assertThat(repo.diff(c1.id(), c3.id()))
        .extracting(Change::toString)
        .containsExactly("M x", "+ y");
    assertThat(br.asOf(Instant.parse("2026-01-02T12:00:00Z")).orElseThrow().find(p("x")))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
    assertThat(br.asOf(Instant.parse("2025-12-31T00:00:00Z"))).isEmpty();
    br.revert(c2.id(), info("revert two"));
    assertThat(br.tree().find(p("y"))).isEmpty();
    assertThat(br.tree().get(p("x"))).isEqualTo(b("3"));
  }

  @Test
  void watchesDeliverEveryChangeUnderThePrefixOnceAndInOrder(TestInfo t) throws Exception {
    Branch br = fresh(t);
    br.set(info("init"), p("other"), b("0"));
    List<WatchEvent> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(20);
    try (Watch w = br.watch(p("watched"), e -> {
      seen.add(e);
      done.countDown();
    })) {
      for (int i = 0; i < 20; i++) {
        br.set(info("w" + i), p("watched/" + i), b("v"));
        br.set(info("o" + i), p("other"), b("o" + i));
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100);
    }
    assertThat(seen).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(seen.get(i).changes())
          .extracting(Change::toString)
          .containsExactly("+ watched/" + i);
    }
    List<ObjectId> afters = new ArrayList<>();
    seen.forEach(e -> afters.add(e.after().id()));
    assertThat(afters).doesNotHaveDuplicates();
  }

  @Test
  void invalidPathsAndBranchNamesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Path.parse("a//b"))
        .isInstanceOf(InvalidPathException.class)
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> Path.parse("a/../b")).hasMessageContaining("'.' and '..'");
    assertThatThrownBy(() -> Path.of("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> Path.of("~a")).hasMessageContaining("reserved");
    assertThatThrownBy(() -> repo.branch("bad..name")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readersSeeOnlyCommittedHeads(TestInfo t) {
    Branch br = fresh(t);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    br.update(info("fn"), x -> {
      order.add("fn");
      assertThat(br.exists()).isFalse();
      return x.with(p("k"), b("v"));
    });
    assertThat(br.exists()).isTrue();
    assertThat(order).containsExactly("fn");
  }
}
