package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.sync.SyncReport;
import org.nymote.store.Contents;
import org.nymote.store.types.AppendLog;
import org.nymote.store.types.Counter;
import org.nymote.store.types.Hlc;
import org.nymote.store.types.HybridClock;
import org.nymote.store.types.JsonRecord;
import org.nymote.store.types.Lww;
import org.nymote.store.types.OrSet;
import org.nymote.store.types.TextCodec;

/**
 * The key test: three real {@code nymote serve} replicas of one user, each with the other
 * two as remotes, edited concurrently (every mergeable type through REST, conditional on the
 * ETag; plain values by Git pushes) while random
 * pairwise syncs run, one replica cut off from syncs for the first part of the run; after a full
 * round of syncs all three hold the same tree, and no edit is lost.
 */
class ConvergenceTest {
  private static final int EDITS_PER_REPLICA = 40;
  private static final List<String> COUNTERS = List.of("c/a.counter", "c/b.counter");
  private static final String SET = "s/tags.orset";
  private static final String LOG = "l/events.log";
  private static final String REGISTER = "w/status.lww";
  private static final String RECORD = "j/profile.json";

  private static final Contents<OrSet<String>> SETS = OrSet.contents(TextCodec.strings());
  private static final Contents<AppendLog<String>> LOGS = AppendLog.contents(TextCodec.strings());
  private static final Contents<Lww<String>> REGISTERS = Lww.contents(TextCodec.strings());

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path temp;

  // What the writers did, to check against the end state.
  private final Map<String, AtomicInteger> increments = new ConcurrentHashMap<>();
  private final Set<String> added = ConcurrentHashMap.newKeySet();
  private final Set<String> removed = ConcurrentHashMap.newKeySet();
  private final Set<String> appended = ConcurrentHashMap.newKeySet();
  private final Map<String, String> fields = new ConcurrentHashMap<>();
  private final Set<String> plainValues = ConcurrentHashMap.newKeySet();
  private final List<Lww<String>> registerWrites = new CopyOnWriteArrayList<>();
  private final List<String> syncFailures = new CopyOnWriteArrayList<>();

  /** A replica: its REST writer, and its Git path (for plain values and the final checks). */
  record Node(
      String name,
      NymoteProcess process,
      String password,
      int port,
      RestReplica rest,
      GitPushReplica git) {}

  @Test
  @Timeout(300)
  void threeReplicasEditedAndSyncedAtRandomConvergeWithNoEditLost() throws Exception {
    long started = System.nanoTime();
    List<Node> nodes = start("a", "b", "c");
    try {
      for (Node n : nodes) {
        for (Node other : nodes) {
          if (other != n) {
            addRemote(n, other);
          }
        }
      }
      seed(nodes.get(0).rest());
      sync(nodes.get(1), nodes.get(0), true);
      sync(nodes.get(2), nodes.get(0), true);

      Node offline = nodes.get(2);
      var isolated = new AtomicBoolean(true);
      var done = new AtomicInteger();
      var failures = new CopyOnWriteArrayList<Throwable>();
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        long seed = 1000L + i;
        writers.add(Thread.ofPlatform().name("writer-" + n.name()).start(() -> {
          try {
            write(n, new Random(seed), done, isolated);
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      Thread syncer = Thread.ofPlatform().name("syncer").start(() -> {
        var random = new Random(7);
        while (writers.stream().anyMatch(Thread::isAlive)) {
          List<Node> online =
              nodes.stream().filter(n -> !(isolated.get() && n == offline)).toList();
          Node from = online.get(random.nextInt(online.size()));
          Node to = online.get(
              (online.indexOf(from) + 1 + random.nextInt(online.size() - 1)) % online.size());
          try {
            sync(from, to, false);
          } catch (Exception e) {
            failures.add(e);
          }
        }
      });
      for (Thread w : writers) {
        w.join();
      }
      syncer.join();
      assertThat(failures).isEmpty();

      // A full round, twice: every replica syncs with every other.
      for (int round = 0; round < 2; round++) {
        for (Node n : nodes) {
          for (Node other : nodes) {
            if (other != n) {
              sync(n, other, true);
            }
          }
        }
      }
      assertConvergedWithNothingLost(nodes);
      System.out.printf(
          "convergence: %d edits, %d sync failures during the run (retried), %.1f s%n%s%n",
          done.get(),
          syncFailures.size(),
          (System.nanoTime() - started) / 1e9,
          String.join("\n", syncFailures));
    } finally {
      for (Node n : nodes) {
        n.process().close();
      }
    }
  }

  /** Starts the replicas at once: a first start hashes a password and makes a TLS key. */
  private List<Node> start(String... names) throws Exception {
    List<java.util.concurrent.Future<Node>> starting = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (String name : names) {
        starting.add(pool.submit(() -> startOne(name)));
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (var node : starting) {
      nodes.add(node.get());
    }
    return nodes;
  }

  private Node startOne(String name) throws Exception {
    Path home = temp.resolve(name);
    var process = NymoteProcess.serve(home, "--user", "alice", "--device", name);
    String password = process.password().orElseThrow();
    int port = process.port("http");
    var token = Cli.run("--home", home.toString(), "token", "create", "alice");
    assertThat(token.exitCode()).as(token.stderr()).isZero();
    String git = "http://127.0.0.1:" + port + "/git/alice/store.git";
    return new Node(
        name,
        process,
        password,
        port,
        new RestReplica(name, port, "alice", token.line()),
        new GitPushReplica(name, git, "alice", password));
  }

  private void addRemote(Node n, Node other) {
    var out = Cli.run(
        (other.password() + "\n").getBytes(StandardCharsets.UTF_8),
        "--home",
        temp.resolve(n.name()).toString(),
        "remote",
        "add",
        "--user",
        "alice",
        other.name(),
        "http://127.0.0.1:" + other.port() + "/git/alice/store.git",
        "--password-stdin");
    assertThat(out.exitCode()).as(out.stderr()).isZero();
    assertThat(out.text()).doesNotContain(other.password());
  }

  private void seed(Replica a) throws Exception {
    for (String counter : COUNTERS) {
      a.edit(counter, old -> Counter.CONTENTS.encode(0L));
      increments.put(counter, new AtomicInteger());
    }
    a.edit(SET, old -> SETS.encode(OrSet.empty()));
    a.edit(LOG, old -> LOGS.encode(AppendLog.empty()));
    var first = Lww.of("initial", new HybridClock("seed"));
    a.edit(REGISTER, old -> REGISTERS.encode(first));
    registerWrites.add(first);
    a.edit(RECORD, old -> JsonRecord.CONTENTS.encode(JsonRecord.empty()));
  }

  /** One replica's writer: random edits of every kind, each conditional on what it read. */
  private void write(Node n, Random random, AtomicInteger done, AtomicBoolean isolated)
      throws Exception {
    Replica r = n.rest();
    var clock = new HybridClock(n.name());
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < EDITS_PER_REPLICA; i++) {
      String id = n.name() + "-" + i;
      switch (random.nextInt(8)) {
        case 0, 1 -> {
          String counter = COUNTERS.get(random.nextInt(COUNTERS.size()));
          r.edit(counter, old -> Counter.CONTENTS.encode(Counter.CONTENTS.decode(old.get()) + 1));
          increments.get(counter).incrementAndGet();
        }
        case 2 -> {
          r.edit(SET, old -> SETS.encode(SETS.decode(old.get()).add(id, clock)));
          added.add(id);
          mine.add(id);
        }
        case 3 -> {
          if (mine.isEmpty()) {
            continue;
          }
          String gone = mine.remove(random.nextInt(mine.size()));
          r.edit(SET, old -> SETS.encode(SETS.decode(old.get()).remove(gone)));
          removed.add(gone);
        }
        case 4 -> {
          r.edit(LOG, old -> LOGS.encode(LOGS.decode(old.get()).append(id, "entry " + id, clock)));
          appended.add(id);
        }
        case 5 -> {
          var written = new java.util.concurrent.atomic.AtomicReference<Lww<String>>();
          r.edit(REGISTER, old -> {
            written.set(REGISTERS.decode(old.get()).set(id, clock));
            return REGISTERS.encode(written.get());
          });
          registerWrites.add(written.get());
        }
        case 6 -> {
          String field = n.name() + "-field-" + random.nextInt(3);
          r.edit(
              RECORD,
              old -> JsonRecord.CONTENTS.encode(
                  JsonRecord.CONTENTS.decode(old.get()).with(field, TextNode.valueOf(id))));
          fields.put(field, id);
        }
        default -> {
          String path = "p/" + id + ".txt";
          n.git().edit(path, old -> ("plain " + id + "\n").getBytes(StandardCharsets.UTF_8));
          plainValues.add(path);
        }
      }
      if (done.incrementAndGet() >= EDITS_PER_REPLICA * 3 / 2) {
        isolated.set(false); // the offline replica rejoins the syncs
      }
    }
  }

  /** Asks {@code n}'s serve to sync with {@code other}; if {@code mustWork}, fails unless ok. */
  private void sync(Node n, Node other, boolean mustWork) throws Exception {
    String credentials = Base64.getEncoder()
        .encodeToString(("alice:" + n.password()).getBytes(StandardCharsets.UTF_8));
    var request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + n.port() + "/git/alice/sync?remote=" + other.name()))
        .header("Authorization", "Basic " + credentials)
        .timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response;
    try (HttpClient client = HttpClient.newHttpClient()) {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    SyncReport report = SyncReport.fromJson(response.body());
    if (!report.ok()) {
      String failure = n.name() + " with " + report.remotes().get(0).describe();
      assertThat(mustWork).as(failure).isFalse();
      syncFailures.add(failure);
    }
  }

  private void assertConvergedWithNothingLost(List<Node> nodes) throws Exception {
    GitPushReplica first = nodes.get(0).git();
    Optional<org.eclipse.jgit.lib.ObjectId> head = first.fetchHead();
    for (Node n : nodes) {
      GitPushReplica r = n.git();
      assertThat(r.fetchHead()).as("main on " + n.name()).isEqualTo(head);
      assertThat(r.treeId()).as("the tree on " + n.name()).isEqualTo(first.treeId());
    }
    Replica r = nodes.get(1).rest();
    for (String counter : COUNTERS) {
      assertThat(Counter.CONTENTS.decode(r.read(counter).orElseThrow()))
          .as(counter)
          .isEqualTo(increments.get(counter).longValue());
    }
    Set<String> present = SETS.decode(r.read(SET).orElseThrow()).elements();
    Set<String> kept = new java.util.HashSet<>(added);
    kept.removeAll(removed);
    assertThat(present).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(LOGS.decode(r.read(LOG).orElseThrow()).entries())
        .extracting(AppendLog.Entry::id)
        .containsExactlyInAnyOrderElementsOf(appended);
    Hlc newest = registerWrites.stream().map(Lww::stamp).max(Hlc::compareTo).orElseThrow();
    Lww<String> register = REGISTERS.decode(r.read(REGISTER).orElseThrow());
    assertThat(register.stamp()).isEqualTo(newest);
    JsonRecord record = JsonRecord.CONTENTS.decode(r.read(RECORD).orElseThrow());
    fields.forEach((field, value) -> assertThat(record.find(field))
        .as(field)
        .hasValueSatisfying(v -> assertThat(v.asText()).isEqualTo(value)));
    for (String path : plainValues) {
      assertThat(r.read(path)).as(path).isPresent();
    }
  }
}
