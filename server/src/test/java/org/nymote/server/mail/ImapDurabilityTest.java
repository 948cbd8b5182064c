package org.nymote.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code nymote serve} during a storm of APPENDs from 20 clients, 20 times: after each
 * restart every APPEND that got its OK is there under the UID it was given, no UID is held by two
 * messages, and at the end the repository is fsck-clean for the real git.
 */
class ImapDurabilityTest {
  private static final int CLIENTS = 20;
  private static final int KILLS = 20;
  private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)\\]");
  private static final Pattern FETCHED = Pattern.compile(
      "UID (\\d+) BODY\\[HEADER\\.FIELDS \\(MESSAGE-ID\\)\\] \\{\\d+\\}Message-ID: (<[^>]+>)");

  @TempDir
  Path temp;

  @Test
  void everyAcknowledgedAppendSurvivesKillNine() throws Exception {
    ImapServerFixture server = ImapServerFixture.start(temp, "--device", "storm");
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    Random random = new Random(42);
    try {
      for (int round = 0; round < KILLS; round++) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch loggedIn = new CountDownLatch(CLIENTS);
        int r = round;
        List<Thread> clients = new java.util.ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          clients.add(Thread.ofVirtual()
              .start(() -> storm(server, r, client, loggedIn, stop, acknowledged)));
        }
        assertThat(loggedIn.await(60, TimeUnit.SECONDS))
            .as("all clients logged in")
            .isTrue();
        Thread.sleep(200 + random.nextInt(800));
        server.nymote.kill();
        stop.set(true);
        for (Thread t : clients) {
          t.join(TimeUnit.SECONDS.toMillis(60));
        }
        server.restart();
        Map<String, Long> stored = inbox(server);
        for (var e : acknowledged.entrySet()) {
          assertThat(stored)
              .as("round %d: acknowledged %s", round, e.getKey())
              .containsEntry(e.getKey(), e.getValue());
        }
        assertThat(new java.util.HashSet<>(stored.values()))
            .as("no UID held twice")
            .hasSize(stored.size());
      }
      assertThat(acknowledged.size())
          .as("APPENDs acknowledged over all rounds")
          .isGreaterThan(KILLS * 5);
    } finally {
      server.close();
    }
    Process fsck = new ProcessBuilder("git", "fsck", "--strict")
        .directory(server.home.resolve("users/alice/store.git").toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(fsck.waitFor()).as(out).isZero();
  }

  private static void storm(
      ImapServerFixture server,
      int round,
      int client,
      CountDownLatch loggedIn,
      AtomicBoolean stop,
      Map<String, Long> acks) {
    try (var imap = new RawImapClient(server.imapsPort(), server.caFile)) {
      imap.command("LOGIN alice " + server.alicePassword);
      loggedIn.countDown();
      for (int i = 0; !stop.get(); i++) {
        String id = "<r" + round + "-c" + client + "-m" + i + "@storm>";
        byte[] msg = ("Message-ID: " + id + "\r\nSubject: storm\r\n\r\nround " + round + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        List<String> lines = imap.command("APPEND INBOX", msg);
        Matcher m = APPENDUID.matcher(lines.get(lines.size() - 1));
        if (m.find()) {
          acks.put(id, Long.parseLong(m.group(2)));
        }
      }
    } catch (Exception e) {
      // the server was killed: what was acknowledged before counts
    }
  }

  private static Map<String, Long> inbox(ImapServerFixture server) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (var imap = new RawImapClient(server.imapsPort(), server.caFile)) {
      imap.command("LOGIN alice " + server.alicePassword);
      List<String> selected = imap.command("SELECT INBOX");
      List<String> fetched = imap.command("UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
      assertThat(fetched.get(fetched.size() - 1)).as(selected + "\n" + fetched).contains("OK");
      for (String line : fetched) {
        Matcher m = FETCHED.matcher(line);
        if (m.find()) {
          assertThat(out.put(m.group(2), Long.parseLong(m.group(1))))
              .as("one message per Message-ID")
              .isNull();
        }
      }
    }
    return out;
  }
}
