package org.nymote.server.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.server.dav.DavClient.card;
import static org.nymote.server.dav.DavClient.event;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.nymote.server.NymoteProcess;

/**
 * kill -9 of {@code nymote serve} while {@value #CLIENTS} clients PUT events and contacts, {@value
 * #KILLS} times: after each restart every PUT that got its 201 is there with the ETag it was given
 * (the collection's PROPFIND, and its body by GET), and at the end the repository is fsck-clean for
 * the real git. A PUT cut off before its answer may or may not be there; nothing else may be lost.
 */
class DavDurabilityTest {
  private static final int CLIENTS = 8;
  private static final int KILLS = 5;
  private static final String CAL = "/dav/alice/calendars/default/";
  private static final String BOOK = "/dav/alice/contacts/default/";
  private static final Pattern MEMBER =
      Pattern.compile("<D:href>([^<]+)</D:href><D:propstat><D:prop><D:getetag>([^<]+)</D:getetag>");

  @TempDir
  Path temp;

  @Test
  void everyAcknowledgedPutSurvivesKillNine() throws Exception {
    Path home = temp.resolve("home");
    NymoteProcess nymote = NymoteProcess.serve(home, "--user", "alice");
    String password = nymote.password().orElseThrow();
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // path -> ETag
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(7);
    try {
      for (int round = 0; round < KILLS; round++) {
        var client = new DavClient(nymote.port("http"), "alice", password);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(CLIENTS);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          String prefix = "r" + round + "-c" + c + "-";
          clients.add(Thread.ofVirtual()
              .start(() -> storm(client, prefix, started, stop, acknowledged, errors)));
        }
        assertThat(started.await(60, TimeUnit.SECONDS))
            .as("every client's first PUT")
            .isTrue();
        Thread.sleep(300 + random.nextInt(700));
        nymote.kill();
        stop.set(true);
        for (Thread t : clients) {
          t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(errors).as("answers other than 201").isEmpty();

        nymote = NymoteProcess.serve(home, "--user", "alice");
        var after = new DavClient(nymote.port("http"), "alice", password);
        Map<String, String> stored = new HashMap<>();
        stored.putAll(members(after, CAL));
        stored.putAll(members(after, BOOK));
        for (var e : acknowledged.entrySet()) {
          assertThat(stored)
              .as("round %d: acknowledged %s", round, e.getKey())
              .containsEntry(e.getKey(), e.getValue());
        }
        String sample = acknowledged.keySet().iterator().next();
        var got = after.send("GET", sample, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("ETag")).hasValue(acknowledged.get(sample));
        assertThat(got.body()).contains("UID:" + uid(sample));
      }
      assertThat(acknowledged.size())
          .as("PUTs acknowledged over all rounds")
          .isGreaterThan(KILLS * CLIENTS);
    } finally {
      nymote.close();
    }
    Process fsck = new ProcessBuilder("git", "fsck", "--strict")
        .directory(home.resolve("users/alice/store.git").toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(fsck.getInputStream().readAllBytes());
    assertThat(fsck.waitFor()).as("git fsck:\n" + out).isZero();
  }

  /**
   * PUTs new events and contacts, one after another, until stopped or the server is gone; an
   * answer other than 201 goes into {@code errors}.
   */
  private static void storm(
      DavClient client,
      String prefix,
      CountDownLatch started,
      AtomicBoolean stop,
      Map<String, String> acknowledged,
      List<String> errors) {
    try {
      for (int i = 0; !stop.get(); i++) {
        boolean contact = i % 3 == 2;
        String path = (contact ? BOOK : CAL) + prefix + i + (contact ? ".vcf" : ".ics");
        String body = contact
            ? card(uid(path), "Person " + i, "")
            : event(uid(path), "DTSTART:20270101T100000Z\r\nSUMMARY:event " + i + "\r\n");
        var r = client.put(path, body, "If-None-Match", "*");
        if (r.statusCode() != 201) {
          errors.add(path + ": " + r.statusCode() + " " + r.body());
          return;
        }
        acknowledged.put(path, r.headers().firstValue("ETag").orElseThrow());
        if (i == 0) {
          started.countDown();
        }
      }
    } catch (java.io.IOException e) {
      // the server was killed under this request: it may or may not have been written
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String uid(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.substring(0, name.lastIndexOf('.'));
  }

  /** Every member of a collection with its ETag, by PROPFIND Depth 1. */
  private static Map<String, String> members(DavClient client, String collection) throws Exception {
    var r =
        client.propfind(collection, 1, "<propfind xmlns='DAV:'><prop><getetag/></prop></propfind>");
    assertThat(r.statusCode()).isEqualTo(207);
    Map<String, String> out = new HashMap<>();
    Matcher m = MEMBER.matcher(r.body());
    while (m.find()) {
      out.put(m.group(1), m.group(2).replace("&quot;", "\""));
    }
    return out;
  }
}
