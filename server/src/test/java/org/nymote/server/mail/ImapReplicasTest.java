package org.nymote.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;

/**
 * Two replicas of alice's store, each a real {@code nymote serve} with its own device id, synced
 * with {@code nymote sync}: an IMAP client on each sees the other's messages and flag changes,
 * concurrent flag changes merge, an expunge wins over a concurrent flag change, IDLE reports what
 * sync brought, and no UID is ever handed out twice on a replica.
 */
class ImapReplicasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path temp;

  private static ImapServerFixture a;
  private static ImapServerFixture b;

  @BeforeAll
  static void start() throws Exception {
    a = ImapServerFixture.start(temp.resolve("a"), "--device", "replica-a");
    b = ImapServerFixture.start(temp.resolve("b"), "--device", "replica-b");
    var added = NymoteProcess.run(
        a.home,
        b.alicePassword + "\n",
        "remote",
        "add",
        "--user",
        "alice",
        "b",
        "http://127.0.0.1:" + b.nymote.port("http") + "/git/alice/store.git",
        "--password-stdin");
    assertThat(added.exitCode()).as(added.stderr()).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    for (var s : new ImapServerFixture[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static void sync() throws Exception {
    var r = NymoteProcess.run(a.home, "", "sync");
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  private static JsonNode replica(ImapServerFixture s, String... args) throws Exception {
    Process p = start(s, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String json = out.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElseThrow();
    return JSON.readTree(json);
  }

  private static Process start(ImapServerFixture s, String... args) throws Exception {
    Path scripts = Path.of("src/test/resources/imap").toAbsolutePath();
    List<String> command =
        new ArrayList<>(List.of("python3", scripts.resolve("replica.py").toString()));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true);
    pb.environment().putAll(s.environment());
    return pb.start();
  }

  private static Set<Long> uids(JsonNode state) {
    Set<Long> out = new HashSet<>();
    state.get("messages").forEach(m -> out.add(m.get("uid").asLong()));
    return out;
  }

  @Test
  void clientsOnTwoReplicasSeeEachOthersMailAndFlagsWithoutUidClashes() throws Exception {
    replica(a, "append", "froma", "5");
    JsonNode onB = replica(b, "append", "fromb", "3");
    assertThat(uids(onB)).containsExactlyInAnyOrder(1L, 2L, 3L);

    // IDLE on b sees a's messages arrive by sync
    Process idle = start(b, "idle", "8", "60");
    Thread.sleep(1500);
    sync();
    String idled = new String(idle.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(idle.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(idle.exitValue()).as(idled).isZero();
    assertThat(idled).contains("ok: IDLE saw 8 messages");

    JsonNode onA = replica(a, "state");
    onB = replica(b, "state");
    assertThat(onA.get("messages").size()).isEqualTo(8);
    assertThat(onB.get("messages").size()).isEqualTo(8);
    assertThat(uids(onA)).hasSize(8);
    assertThat(uids(onB)).hasSize(8);
    // each replica keeps its own UIDs and numbers what came by sync above them
    assertThat(onA.at("/messages/<froma0@example.org>/uid").asLong()).isEqualTo(1);
    assertThat(onA.at("/messages/<fromb0@example.org>/uid").asLong()).isGreaterThan(5);
    assertThat(onB.at("/messages/<fromb0@example.org>/uid").asLong()).isEqualTo(1);
    assertThat(onB.at("/messages/<froma0@example.org>/uid").asLong()).isGreaterThan(3);

    // concurrent flag changes on both replicas merge; an expunge wins over a flag change
    replica(a, "flag", "<fromb1@example.org>", "\\Seen");
    replica(b, "flag", "<fromb1@example.org>", "\\Flagged");
    replica(a, "expunge", "<froma2@example.org>");
    replica(b, "flag", "<froma2@example.org>", "\\Answered");
    long expungedUid = onA.at("/messages/<froma2@example.org>/uid").asLong();
    sync();
    onA = replica(a, "state");
    onB = replica(b, "state");
    for (JsonNode side : List.of(onA, onB)) {
      assertThat(side.get("messages").size()).isEqualTo(7);
      assertThat(side.at("/messages/<froma2@example.org>").isMissingNode()).isTrue();
      assertThat(side.at("/messages/<fromb1@example.org>/flags").toString())
          .contains("\\\\Seen")
          .contains("\\\\Flagged");
    }

    // no UID is reused: what comes next on a is numbered above everything a ever handed out
    long maxBefore = uids(onA).stream().mapToLong(Long::longValue).max().orElseThrow();
    onA = replica(a, "append", "after", "2");
    assertThat(onA.at("/messages/<after0@example.org>/uid").asLong())
        .isGreaterThan(Math.max(maxBefore, expungedUid));
    assertThat(uids(onA)).hasSize(9);
    sync();
    onB = replica(b, "state");
    assertThat(uids(onB)).hasSize(9);
    assertThat(onB.get("uidvalidity").asLong()).isPositive();
  }
}
