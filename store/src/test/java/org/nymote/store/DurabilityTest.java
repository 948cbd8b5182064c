package org.nymote.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An update that returned is on disk": a child JVM ({@link StoreProcess} {@code write}) updates
 * one repository from several threads and reports each acknowledged update; it is killed with
 * SIGKILL at a random moment (mostly 50 to 600 ms into its writes, every third time right as a
 * checkpoint or compaction starts, and now and then while it is still replaying the journal),
 * again and again on the same repository. After each kill the repository is reopened here: every
 * acknowledged update is there, nothing else is (except the one update per key that was in flight
 * when the child died), each transaction is all or nothing, and {@code git fsck --strict} is clean.
 */
class DurabilityTest {
  private static final int KILLS = 20;
  private static final String ABSENT = "-";
  private static final long T0 = System.currentTimeMillis();

  @TempDir
  java.nio.file.Path tmp;

  /** What the repository held after the last verified kill, by key. */
  private final Map<String, String> state = new HashMap<>();

  @Test
  void everyAcknowledgedUpdateSurvivesKillMinusNine() throws Exception {
    java.nio.file.Path dir = tmp.resolve("store.git");
    fillAShardedDirectory(dir);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int acknowledged = 0;
    int replayed = 0;
    Child next = Child.start(tmp, dir, 0);
    try {
      for (int round = 0; round < KILLS; round++) {
        String what = "kill " + (round + 1) + " of " + KILLS + " (seed " + seed + ")";
        Child child = next;
        try {
          child.awaitWarm(what);
          child.go();
          next = round + 1 < KILLS ? Child.start(tmp, dir, round + 1) : null;
          awaitTheMomentToKill(child, round, random, what);
        } finally {
          child.kill();
        }
        Log log = child.log();
        acknowledged += log.acks;
        replayed += hasJournalTail(dir) ? 1 : 0;
        verify(dir, log, what);
        RealGit.assertFsckClean(dir);
        System.out.printf("%s: %d acks, %d ms%n", what, log.acks, System.currentTimeMillis() - T0);
      }
    } finally {
      if (next != null) {
        next.kill();
      }
    }
    System.out.printf(
        "%d kills, %d acknowledged updates, %d left a journal to replay%n",
        KILLS, acknowledged, replayed);
    assertThat(acknowledged).as("updates acknowledged over all kills").isGreaterThan(KILLS * 10);
  }

  /** Mostly 50 to 600 ms into the writes; every third round as a checkpoint starts. */
  private static void awaitTheMomentToKill(Child child, int round, Random random, String what)
      throws Exception {
    if (round % 8 == 7) {
      LockSupport.parkNanos(random.nextInt(40_000_000)); // while it replays and checkpoints
      return;
    }
    child.awaitFirstAck(what);
    if (round % 3 == 2) {
      child.awaitCheckpoints(1 + random.nextInt(3), what);
      LockSupport.parkNanos(random.nextInt(3_000_000));
    } else {
      Thread.sleep(50 + random.nextInt(550));
    }
  }

  /** Starts with a directory large enough to be sharded, for writer 0 to update. */
  private void fillAShardedDirectory(java.nio.file.Path dir) {
    try (Repo repo = Repo.init(dir, Schema.EMPTY);
        Transaction tx = repo.branch("main").begin()) {
      for (int i = 0; i < StoreProcess.MANY_NAMES; i++) {
        String key = String.format("many/n%04d", i);
        tx.put(Path.parse(key), "initial".getBytes(StandardCharsets.UTF_8));
        state.put(key, "initial");
      }
      tx.commit(Info.now("test", "a sharded directory"));
    }
    assertThat(RealGit.ok(dir, "ls-tree", "--name-only", "main:many").text())
        .as("many/ is sharded")
        .startsWith("~");
  }

  private void verify(java.nio.file.Path dir, Log log, String what) {
    Set<String> keys = new HashSet<>(state.keySet());
    keys.addAll(log.acked.keySet());
    keys.addAll(log.inFlight.keySet());
    try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
      Tree tree = repo.branch("main").tree();
      for (String key : keys) {
        String actual = tree.find(Path.parse(key))
            .map(b -> new String(b, StandardCharsets.UTF_8))
            .orElse(ABSENT);
        Set<String> allowed = new HashSet<>();
        allowed.add(log.acked.getOrDefault(key, state.getOrDefault(key, ABSENT)));
        if (log.inFlight.containsKey(key)) {
          allowed.add(log.inFlight.get(key));
        }
        assertThat(actual).as("%s: %s after the kill", what, key).isIn(allowed);
        state.put(key, actual);
      }
    }
    for (int n = 0; n < StoreProcess.TX_KEYS; n++) {
      assertThat(state.getOrDefault("tx/a" + n, ABSENT))
          .as("%s: the transaction on tx/a%d and tx/b%d is all or nothing", what, n, n)
          .isEqualTo(state.getOrDefault("tx/b" + n, ABSENT));
    }
  }

  /** Whether the kill left batches in the journal for the next open to replay. */
  private static boolean hasJournalTail(java.nio.file.Path dir) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.list(dir.resolve("nymote"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("journal-"))
          .anyMatch(f -> f.toFile().length() > 4);
    }
  }

  /** What a child reported: the last acknowledged value per key, and writes not acknowledged. */
  private static final class Log {
    final Map<String, String> acked = new HashMap<>();
    final Map<String, String> inFlight = new HashMap<>();
    int acks;

    void accept(String line) {
      String[] f = line.split(" ");
      if (f.length != 4 || !f[3].equals(".")) {
        return; // cut short by the kill, or not a write
      }
      switch (f[0]) {
        case "TRY" -> inFlight.put(f[1], f[2]);
        case "ACK" -> {
          acked.put(f[1], f[2]);
          inFlight.remove(f[1], f[2]);
          acks++;
        }
        default -> {}
      }
    }
  }

  /** One run of the writing child, its output read as it comes. */
  private record Child(
      Process process,
      java.nio.file.Path stderr,
      CountDownLatch warm,
      CountDownLatch firstAck,
      Semaphore checkpoints,
      CompletableFuture<Log> output) {

    static Child start(java.nio.file.Path tmp, java.nio.file.Path dir, int round)
        throws IOException {
      java.nio.file.Path stderr = tmp.resolve("child-" + round + ".err");
      Process p = StoreProcess.start(stderr, "write", dir.toString(), Integer.toString(round));
      Child c = new Child(
          p,
          stderr,
          new CountDownLatch(1),
          new CountDownLatch(1),
          new Semaphore(0),
          new CompletableFuture<>());
      Thread.ofPlatform().daemon().start(c::read);
      return c;
    }

    private void read() {
      Log l = new Log();
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          l.accept(line);
          if (line.startsWith("ACK ")) {
            firstAck.countDown();
          } else if (line.equals("CKPT")) {
            checkpoints.release();
          } else if (line.equals("WARM")) {
            warm.countDown();
          }
        }
        output.complete(l);
      } catch (IOException | RuntimeException e) {
        output.completeExceptionally(e);
      }
    }

    void awaitWarm(String what) throws Exception {
      await(warm, 60, "warmed up", what);
    }

    void go() throws IOException {
      process.getOutputStream().write('\n');
      process.getOutputStream().flush();
    }

    void awaitFirstAck(String what) throws Exception {
      await(firstAck, 30, "acknowledged an update", what);
    }

    private void await(CountDownLatch latch, int seconds, String event, String what)
        throws Exception {
      if (!latch.await(seconds, TimeUnit.SECONDS)) {
        throw new AssertionError(what + ": the child has not " + event + " in " + seconds + " s; "
            + (process.isAlive() ? "" : "it exited with " + process.exitValue() + "; ")
            + "stderr:\n" + Files.readString(stderr));
      }
    }

    void awaitCheckpoints(int n, String what) throws Exception {
      checkpoints.drainPermits();
      if (!checkpoints.tryAcquire(n, 10, TimeUnit.SECONDS)) {
        throw new AssertionError(
            what + ": no checkpoint in 10 s; stderr:\n" + Files.readString(stderr));
      }
    }

    /** SIGKILL; through the handle, which leaves what the child printed readable. */
    void kill() throws InterruptedException {
      process.toHandle().destroyForcibly();
      process.waitFor();
    }

    Log log() throws Exception {
      Log l = output.get(10, TimeUnit.SECONDS);
      List<String> errors = Files.readAllLines(stderr).stream()
          .filter(s -> s.contains("Exception") || s.contains("Error"))
          .toList();
      assertThat(errors).as("the child's errors (%s)", stderr).isEmpty();
      return l;
    }
  }
}
