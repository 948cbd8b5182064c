package org.nymote.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A store in another JVM, for tests that need a second process: one to kill -9 while it writes,
 * or one that holds a repository open. Started with the test's own JDK and class path, without
 * logging (setting up logback costs a loaded machine most of a second per JVM).
 *
 * <ul>
 *   <li>{@code hold DIR}: opens the repository, prints {@code OPEN}, and closes it when its
 *       standard input ends.
 *   <li>{@code write DIR ROUND}: warms up on a scratch repository beside DIR and prints {@code
 *       WARM}; once a line arrives on its standard input it opens DIR and writes until killed, from several
 *       threads at once (so that commits are grouped) while another thread checkpoints (or compacts) at random.
 *       It prints {@code TRY key value .} before a write and {@code ACK key value .} once the
 *       write returned (value {@code -}: removed), and {@code CKPT} as a checkpoint starts. A
 *       transaction writes {@code tx/aN} and {@code tx/bN} together with one value. Every line
 *       ends in {@code " ."} so that a line cut short by the kill is recognised.
 * </ul>
 */
final class StoreProcess {
  static final int WRITERS = 3;
  static final int MANY_NAMES = 1500;
  static final int KEYS_PER_WRITER = 40;
  static final int TX_KEYS = 20;

  private static final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);

  private StoreProcess() {}

  /** Starts {@code StoreProcess} in a new JVM; its standard error goes to {@code stderr}. */
  static Process start(java.nio.file.Path stderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss512k",
        "-Xmx256m",
        "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
        "-cp",
        System.getProperty("java.class.path"),
        StoreProcess.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
  }

  public static void main(String[] args) throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of(args[1]);
    switch (args[0]) {
      case "hold" -> hold(dir);
      case "write" -> write(dir, args[2]);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void hold(java.nio.file.Path dir) throws IOException {
    try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
      repo.branch("main").head();
      line("OPEN");
      System.in.readAllBytes();
    }
    line("CLOSED");
  }

  private static void write(java.nio.file.Path dir, String round)
      throws IOException, InterruptedException {
    warmUp(dir.resolveSibling("warm-" + round));
    line("WARM");
    if (System.in.read() < 0) {
      return;
    }
    Repo repo = Repo.open(dir, Schema.EMPTY);
    Branch main = repo.branch("main");
    line("READY");
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      threads.add(Thread.ofPlatform().start(() -> writeKeys(main, round, writer)));
    }
    threads.add(Thread.ofPlatform().start(() -> writeTransactions(main, round)));
    threads.add(Thread.ofPlatform().start(() -> checkpoint(repo)));
    for (Thread t : threads) {
      t.join();
    }
  }

  /**
   * Runs the store once on a scratch repository, so that the JVM has loaded what it needs before
   * it is told to go: the parent starts the next child while the last one runs.
   */
  private static void warmUp(java.nio.file.Path scratch) throws IOException {
    try (Repo repo = Repo.init(scratch, Schema.EMPTY)) {
      Branch b = repo.branch("main");
      b.set(Info.now("child", "warm"), Path.parse("a/b"), new byte[] {1});
      try (Transaction tx = b.begin()) {
        tx.put(Path.parse("a/c"), new byte[] {2}).commit(Info.now("child", "warm"));
      }
      b.remove(Info.now("child", "warm"), Path.parse("a/b"));
      repo.checkpoint();
    }
    Repo.open(scratch, Schema.EMPTY).close();
    try (var files = java.nio.file.Files.walk(scratch)) {
      for (java.nio.file.Path f :
          files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
  }

  /** Writer 0 updates names of a sharded directory; the others set and remove a few keys. */
  private static void writeKeys(Branch main, String round, int writer) {
    Random random = new Random();
    for (long i = 0; ; i++) {
      String key = writer == 0
          ? String.format("many/n%04d", random.nextInt(MANY_NAMES))
          : "w" + writer + "/k" + random.nextInt(KEYS_PER_WRITER);
      boolean remove = writer == 1 && i % 7 == 3;
      String value = remove ? "-" : "r" + round + "-" + writer + "-" + i;
      line("TRY " + key + " " + value + " .");
      Info info = Info.now("child", "set " + key);
      if (remove) {
        main.remove(info, Path.parse(key));
      } else {
        main.set(info, Path.parse(key), value.getBytes(StandardCharsets.UTF_8));
      }
      line("ACK " + key + " " + value + " .");
    }
  }

  private static void writeTransactions(Branch main, String round) {
    for (long i = 0; ; i++) {
      int n = (int) (i % TX_KEYS);
      String value = "r" + round + "-tx-" + i;
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      line("TRY tx/a" + n + " " + value + " .\nTRY tx/b" + n + " " + value + " .");
      try (Transaction tx = main.begin()) {
        tx.put(Path.parse("tx/a" + n), bytes).put(Path.parse("tx/b" + n), bytes);
        tx.commit(Info.now("child", "pair " + n));
      }
      line("ACK tx/a" + n + " " + value + " .\nACK tx/b" + n + " " + value + " .");
    }
  }

  /** Checkpoints every few dozen milliseconds, and now and then joins the packs. */
  private static void checkpoint(Repo repo) {
    for (int i = 1; ; i++) {
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(60));
      } catch (InterruptedException e) {
        return;
      }
      line("CKPT");
      if (i % 8 == 0) {
        repo.compact();
      } else {
        repo.checkpoint();
      }
    }
  }

  private static void line(String s) {
    synchronized (out) {
      out.println(s);
      out.flush();
    }
  }
}
