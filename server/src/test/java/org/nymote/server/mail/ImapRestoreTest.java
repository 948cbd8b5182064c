package org.nymote.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;

/**
 * {@code nymote mail restore} brings back what an IMAP client deleted, from the store's history:
 * through the running serve (an IMAP client in IDLE sees it at once), then with serve stopped.
 */
class ImapRestoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path temp;

  private static ImapServerFixture server;

  @BeforeAll
  static void start() throws Exception {
    server = ImapServerFixture.start(temp, "--device", "restore-test");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode inbox(String... args) throws Exception {
    Path scripts = Path.of("src/test/resources/imap").toAbsolutePath();
    List<String> command =
        new ArrayList<>(List.of("python3", scripts.resolve("replica.py").toString()));
    command.addAll(List.of(args));
    var pb = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true);
    pb.environment().putAll(server.environment());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return JSON.readTree(
        out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void restoreBringsBackExpungedMessagesWithNewUids() throws Exception {
    inbox("append", "keep", "3");
    Thread.sleep(1100); // commits carry whole seconds
    Instant before = Instant.now();
    Thread.sleep(1100);
    JsonNode after = inbox("expunge", "<keep1@example.org>");
    assertThat(after.get("messages").size()).isEqualTo(2);

    // an IMAP client in IDLE on the INBOX, waiting for the third message
    Path scripts = Path.of("src/test/resources/imap").toAbsolutePath();
    var idle = new ProcessBuilder(
            "python3", scripts.resolve("replica.py").toString(), "idle", "3", "60")
        .directory(scripts.toFile())
        .redirectErrorStream(true);
    idle.environment().putAll(server.environment());
    Process watcher = idle.start();
    try {
      restoreWhileServing(before, watcher);
    } finally {
      watcher.destroyForcibly();
    }

    JsonNode back = inbox("state");
    assertThat(back.get("messages").size()).isEqualTo(3);
    assertThat(back.at("/messages/<keep1@example.org>/uid").asLong()).isEqualTo(4); // a new UID

    var none = NymoteProcess.run(
        server.home,
        "",
        "mail",
        "restore",
        "--user",
        "alice",
        "--as-of",
        "2000-01-01T00:00:00Z",
        "--device",
        "restore-test");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr()).contains("history");

    // serve stopped: the command opens the store itself; everything of then is back already
    server.stop();
    var offline = NymoteProcess.run(
        server.home,
        "",
        "mail",
        "restore",
        "--user",
        "alice",
        "--as-of",
        before.toString(),
        "--device",
        "restore-test");
    assertThat(offline.exitCode()).as(offline.stderr()).isZero();
    assertThat(offline.stdout()).contains("restored 0 messages to INBOX");
  }

  private static void restoreWhileServing(Instant before, Process watcher) throws Exception {
    // serve runs: the restore is done by it, on its open store
    var restored = NymoteProcess.run(
        server.home,
        "",
        "mail",
        "restore",
        "--user",
        "alice",
        "--as-of",
        before.toString(),
        "--device",
        "restore-test");
    assertThat(restored.exitCode()).as(restored.stderr()).isZero();
    assertThat(restored.stdout()).contains("restored 1 message to INBOX");
    String seen = new String(watcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(watcher.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(watcher.exitValue()).as(seen).isZero();
    assertThat(seen).contains("ok: IDLE saw 3 messages");
  }
}
