package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API's resources against a real {@code nymote serve}: values and their conditions,
 * branches, log, diff, merge, revert and the OpenAPI description. Each test works on a branch of
 * its own.
 */
class RestApiTest {
  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static RestClient alice;

  @BeforeAll
  static void start() throws Exception {
    Path home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    alice = RestClient.bearer(nymote, "alice", RestClient.newToken(home, "alice"));
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void aPutValueReadsBackAsItsBytesWithTheBlobIdAsETagAndTheHeadCommit() throws Exception {
    var put = alice.put("branches/read/values/notes/today", "hello\n");

    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    String etag = put.json().get("etag").asText();
    String commit = put.json().get("commit").asText();
    assertThat(put.header("ETag")).isEqualTo('"' + etag + '"');
    var get = alice.get("branches/read/values/notes/today");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.text()).isEqualTo("hello\n");
    assertThat(get.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(get.header("ETag")).isEqualTo('"' + etag + '"');
    assertThat(get.header("X-Nymote-Commit")).isEqualTo(commit);
    assertThat(alice.put("branches/read/values/notes/today", "again\n").status())
        .isEqualTo(200);
  }

  @Test
  void headAnswersWhatGetWouldWithoutTheBody() throws Exception {
    alice.put("branches/head/values/v", "12345");

    var head = alice.send(alice
        .request("branches/head/values/v")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("5");
    assertThat(head.header("ETag")).isNotNull();
    assertThat(head.response().body()).isEmpty();
  }

  @Test
  void aDirectoryIsListedAsJsonAndNothingThereIsNotFound() throws Exception {
    alice.put("branches/list/values/dir/a", "1");
    String b =
        alice.put("branches/list/values/dir/sub/b", "2").json().get("etag").asText();

    var root = alice.get("branches/list/values/");
    var dir = alice.get("branches/list/values/dir");

    assertThat(root.json().get("entries").get(0).get("name").asText()).isEqualTo("dir");
    assertThat(dir.header("Content-Type")).isEqualTo("application/json");
    assertThat(dir.json().get("path").asText()).isEqualTo("dir");
    JsonNode entries = dir.json().get("entries");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("name").asText()).isEqualTo("a");
    assertThat(entries.get(0).get("type").asText()).isEqualTo("value");
    assertThat(entries.get(1).get("type").asText()).isEqualTo("directory");
    assertThat(alice
            .get("branches/list/values/dir/sub")
            .json()
            .get("entries")
            .get(0)
            .get("id")
            .asText())
        .isEqualTo(b);
    assertThat(alice.get("branches/list/values/dir/none").status()).isEqualTo(404);
  }

  @Test
  void getWithTheCurrentETagInIfNoneMatchIsNotModified() throws Exception {
    String etag = alice.put("branches/cache/values/v", "x").header("ETag");

    var again = alice.get("branches/cache/values/v", "If-None-Match", etag);
    var other = alice.get("branches/cache/values/v", "If-None-Match", "\"" + "0".repeat(40) + "\"");

    assertThat(again.status()).isEqualTo(304);
    assertThat(again.header("ETag")).isEqualTo(etag);
    assertThat(again.response().body()).isEmpty();
    assertThat(other.status()).isEqualTo(200);
  }

  @Test
  void ifMatchWithTheBlobIdWritesOnlyOverThatValue() throws Exception {
    String first = alice.put("branches/cas/values/v", "1").header("ETag");
    var second = alice.put("branches/cas/values/v", "2", "If-Match", first);

    var stale = alice.put("branches/cas/values/v", "3", "If-Match", first);

    assertThat(second.status()).isEqualTo(200);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(alice.get("branches/cas/values/v").text()).isEqualTo("2");
  }

  @Test
  void ifMatchWithTheCommitIdWritesOnlyWhileTheHeadIsThatCommit() throws Exception {
    String head =
        alice.put("branches/head-cas/values/a", "1").json().get("commit").asText();
    var onHead = alice.put("branches/head-cas/values/b", "2", "If-Match", '"' + head + '"');

    var stale = alice.put("branches/head-cas/values/c", "3", "If-Match", '"' + head + '"');

    assertThat(onHead.status()).isEqualTo(201);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(alice.get("branches/head-cas/values/c").status()).isEqualTo(404);
  }

  @Test
  void ifNoneMatchStarCreatesOnlyWhereNothingIs() throws Exception {
    var created = alice.put("branches/create/values/once", "1", "If-None-Match", "*");

    var again = alice.put("branches/create/values/once", "2", "If-None-Match", "*");

    assertThat(created.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(412);
    assertThat(again.json().get("type").asText())
        .isEqualTo("urn:nymote:problem:precondition-failed");
    assertThat(alice.get("branches/create/values/once").text()).isEqualTo("1");
  }

  @Test
  void deleteRemovesTheValueUnderTheSameConditions() throws Exception {
    String etag = alice.put("branches/delete/values/v", "1").header("ETag");
    alice.put("branches/delete/values/v", "2");

    var stale = alice.delete("branches/delete/values/v", "If-Match", etag);
    var deleted = alice.delete("branches/delete/values/v");

    assertThat(stale.status()).isEqualTo(412);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.header("X-Nymote-Commit")).hasSize(40);
    assertThat(alice.get("branches/delete/values/v").status()).isEqualTo(404);
    assertThat(alice.delete("branches/delete/values/v").status()).isEqualTo(404);
  }

  @Test
  void aTypedValueThatDoesNotDecodeIsRefusedWith422AndNothingIsCommitted() throws Exception {
    var good = alice.put("branches/typed/values/visits.counter", "5\n");

    var bad = alice.put("branches/typed/values/visits.counter", "five");
    var badJson = alice.put("branches/typed/values/card.json", "[1, 2");

    assertThat(good.status()).isEqualTo(201);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("detail").asText()).contains("counter");
    assertThat(badJson.status()).isEqualTo(422);
    assertThat(alice.get("branches/typed/values/visits.counter").text()).isEqualTo("5\n");
    assertThat(alice.get("branches/typed/log").json().get("commits")).hasSize(1);
  }

  @Test
  void branchesAreListedAndMadeFromABranchOrACommit() throws Exception {
    String head = alice.put("branches/trunk/values/v", "1").json().get("commit").asText();

    var made = alice.post("branches", "{\"name\":\"twig\",\"from\":\"trunk\"}");
    var fromCommit = alice.post("branches", "{\"name\":\"twig2\",\"from\":\"" + head + "\"}");
    var again = alice.post("branches", "{\"name\":\"twig\",\"from\":\"trunk\"}");
    var unknown = alice.post("branches", "{\"name\":\"twig3\",\"from\":\"nowhere\"}");

    assertThat(made.status()).isEqualTo(201);
    assertThat(made.json().get("head").asText()).isEqualTo(head);
    assertThat(fromCommit.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(409);
    assertThat(unknown.status()).isEqualTo(404);
    List<String> listed = new ArrayList<>();
    for (JsonNode b : alice.get("branches").json().get("branches")) {
      listed.add(b.get("name").asText() + "@" + b.get("head").asText());
    }
    assertThat(listed).contains("trunk@" + head, "twig@" + head, "twig2@" + head);
  }

  @Test
  void theLogListsCommitsNewestFirstAndWithAPathOnlyThoseThatChangedIt() throws Exception {
    alice.put("branches/log/values/a", "1", "X-Nymote-Message", "first a");
    alice.put("branches/log/values/b", "1");
    alice.put("branches/log/values/a", "2", "X-Nymote-Message", "second a");

    JsonNode all = alice.get("branches/log/log").json().get("commits");
    JsonNode two = alice.get("branches/log/log?limit=2").json().get("commits");
    JsonNode ofA = alice.get("branches/log/log?path=a").json().get("commits");

    assertThat(all).hasSize(3);
    assertThat(two).hasSize(2);
    assertThat(ofA).hasSize(2);
    assertThat(ofA.get(0).get("message").asText()).isEqualTo("second a");
    assertThat(ofA.get(1).get("message").asText()).isEqualTo("first a");
    JsonNode newest = all.get(0);
    assertThat(newest.get("id").asText()).hasSize(40);
    assertThat(newest.get("parents").get(0).asText())
        .isEqualTo(all.get(1).get("id").asText());
    assertThat(newest.get("tree").asText()).hasSize(40);
    assertThat(newest.get("device").asText()).isNotBlank();
    assertThat(newest.get("time").asText()).endsWith("Z");
  }

  @Test
  void theDiffOfTwoBranchesNamesEachChangedValueUnderThePrefix() throws Exception {
    alice.put("branches/diff-a/values/keep/x", "1");
    alice.put("branches/diff-a/values/keep/gone", "1");
    alice.put("branches/diff-a/values/out", "1");
    alice.post("branches", "{\"name\":\"diff-b\",\"from\":\"diff-a\"}");
    alice.put("branches/diff-b/values/keep/x", "2");
    alice.put("branches/diff-b/values/keep/new", "1");
    alice.delete("branches/diff-b/values/keep/gone");
    alice.put("branches/diff-b/values/out", "2");

    JsonNode changes =
        alice.get("diff?from=diff-a&to=diff-b&prefix=keep").json().get("changes");

    assertThat(changes).hasSize(3);
    assertThat(kindsByPath(changes))
        .containsExactly("keep/gone removed", "keep/new added", "keep/x changed");
    assertThat(changes.get(0).get("after").isNull()).isTrue();
    assertThat(changes.get(1).get("before").isNull()).isTrue();
  }

  @Test
  void aMergeFastForwardsOrCommitsWithBothParents() throws Exception {
    alice.put("branches/merge-main/values/base", "1");
    alice.post("branches", "{\"name\":\"merge-topic\",\"from\":\"merge-main\"}");
    String topic =
        alice.put("branches/merge-topic/values/t", "1").json().get("commit").asText();

    var forward = alice.post("branches/merge-main/merge", "{\"from\":\"merge-topic\"}");
    alice.put("branches/merge-main/values/m", "1");
    alice.put("branches/merge-topic/values/t2", "1");
    var merged = alice.post(
        "branches/merge-main/merge", "{\"from\":\"merge-topic\",\"message\":\"bring t2\"}");

    assertThat(forward.status()).isEqualTo(200);
    assertThat(forward.json().get("commit").asText()).isEqualTo(topic);
    assertThat(forward.json().get("fastForward").asBoolean()).isTrue();
    assertThat(merged.status()).isEqualTo(200);
    assertThat(merged.json().get("fastForward").asBoolean()).isFalse();
    JsonNode head =
        alice.get("branches/merge-main/log?limit=1").json().get("commits").get(0);
    assertThat(head.get("parents")).hasSize(2);
    assertThat(head.get("message").asText()).isEqualTo("bring t2");
    assertThat(alice.get("branches/merge-main/values/t2").text()).isEqualTo("1");
  }

  @Test
  void aConflictingMergeNamesTheConflictsAndCommitsNothing() throws Exception {
    alice.put("branches/clash-a/values/v", "base");
    alice.post("branches", "{\"name\":\"clash-b\",\"from\":\"clash-a\"}");
    String head =
        alice.put("branches/clash-a/values/v", "ours").json().get("commit").asText();
    alice.put("branches/clash-b/values/v", "theirs");

    var clash = alice.post("branches/clash-a/merge", "{\"from\":\"clash-b\"}");

    assertThat(clash.status()).isEqualTo(409);
    assertThat(clash.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode conflict = clash.json().get("conflicts").get(0);
    assertThat(conflict.get("path").asText()).isEqualTo("v");
    assertThat(conflict.get("reason").asText()).isNotBlank();
    assertThat(alice.get("branches/clash-a/values/v").header("X-Nymote-Commit")).isEqualTo(head);
  }

  @Test
  void aRevertUndoesACommitUnlessLaterChangesConflict() throws Exception {
    alice.put("branches/revert/values/keep", "1");
    String added =
        alice.put("branches/revert/values/oops", "1").json().get("commit").asText();
    String edited =
        alice.put("branches/revert/values/keep", "2").json().get("commit").asText();
    alice.put("branches/revert/values/keep", "3");

    var undone = alice.post("branches/revert/revert", "{\"commit\":\"" + added + "\"}");
    var clash = alice.post("branches/revert/revert", "{\"commit\":\"" + edited + "\"}");

    assertThat(undone.status()).isEqualTo(200);
    assertThat(undone.json().get("commit").asText()).hasSize(40);
    assertThat(alice.get("branches/revert/values/oops").status()).isEqualTo(404);
    assertThat(clash.status()).isEqualTo(409);
    assertThat(clash.json().get("conflicts").get(0).get("path").asText()).isEqualTo("keep");
    assertThat(alice.get("branches/revert/values/keep").text()).isEqualTo("3");
  }

  @Test
  void aWatchStreamsEachChangeAnotherClientMakesUnderThePrefixAsAnEvent() throws Exception {
    alice.put("branches/watch/values/start", "1");
    var response = RestClient.client()
        .send(
            alice.request("branches/watch/watch?prefix=inbox").build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try {
        response.body().forEach(lines::add);
      } catch (java.io.UncheckedIOException e) {
        // closed by the test
      }
    });
    try {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(next(lines)).startsWith(": watching");
      var other = RestClient.basic(nymote, "alice", nymote.password().orElseThrow());

      other.put("branches/watch/values/elsewhere", "1");
      String commit =
          other.put("branches/watch/values/inbox/1", "hi").json().get("commit").asText();

      assertThat(nextNonBlank(lines)).isEqualTo("id: " + commit);
      assertThat(next(lines)).isEqualTo("event: change");
      String data = next(lines);
      assertThat(data).startsWith("data: ");
      JsonNode event = RestClient.JSON.readTree(data.substring(6));
      assertThat(event.get("commit").asText()).isEqualTo(commit);
      assertThat(event.get("changes")).hasSize(1);
      assertThat(event.get("changes").get(0).get("path").asText()).isEqualTo("inbox/1");
      assertThat(event.get("changes").get(0).get("kind").asText()).isEqualTo("added");
    } finally {
      response.body().close();
    }
  }

  private static String next(BlockingQueue<String> lines) throws InterruptedException {
    String line = lines.poll(30, TimeUnit.SECONDS);
    assertThat(line).as("a line of the event stream within 30 s").isNotNull();
    return line;
  }

  private static String nextNonBlank(BlockingQueue<String> lines) throws InterruptedException {
    String line = next(lines);
    while (line.isEmpty() || line.startsWith(":")) {
      line = next(lines);
    }
    return line;
  }

  @Test
  void theOpenApiDescriptionIsServedWithoutAuthenticationAndNamesEveryResource() throws Exception {
    var response = RestClient.client()
        .send(
            HttpRequest.newBuilder(URI.create(RestClient.base(nymote) + "/api/v1/openapi.json"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode doc = RestClient.JSON.readTree(response.body());
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    List<String> paths = new ArrayList<>();
    doc.get("paths").fieldNames().forEachRemaining(paths::add);
    assertThat(paths)
        .contains(
            "/users/{user}/branches",
            "/users/{user}/branches/{branch}/values/{path}",
            "/users/{user}/branches/{branch}/log",
            "/users/{user}/diff",
            "/users/{user}/branches/{branch}/merge",
            "/users/{user}/branches/{branch}/revert",
            "/users/{user}/branches/{branch}/watch");
  }

  @Test
  void aBranchNamedWithASlashIsMadeReadAndWrittenWithPercent2F() throws Exception {
    var put = alice.put("branches/team%2Fnotes/values/plan", "v1");
    var read = alice.get("branches/team%2Fnotes/values/plan");
    var made = alice.post("branches", "{\"name\":\"team/copy\",\"from\":\"team/notes\"}");
    var fromCopy = alice.get("branches/team%2Fcopy/values/plan");
    var percent = alice.put("branches/team%2Fnotes/values/100%25", "all");
    var written = alice.put(
        "branches/team%2Fnotes/values/plan",
        "v2", "If-Match", "\"" + read.header("ETag").replace("\"", "") + "\"");
    var log = alice.get("branches/team%2Fnotes/log");

    assertThat(put.status()).as(put.toString()).isEqualTo(201);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.text()).isEqualTo("v1");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    assertThat(fromCopy.text()).isEqualTo("v1");
    assertThat(percent.status()).as(percent.toString()).isEqualTo(201);
    assertThat(alice.get("branches/team%2Fnotes/values/").json().toString())
        .contains("\"100%\"")
        .contains("\"plan\"");
    assertThat(written.status()).as(written.toString()).isEqualTo(200);
    assertThat(alice.get("branches/team%2Fnotes/values/plan").text()).isEqualTo("v2");
    assertThat(log.json().get("commits")).hasSize(3);
    List<String> names = new ArrayList<>();
    alice
        .get("branches")
        .json()
        .get("branches")
        .forEach(b -> names.add(b.get("name").asText()));
    assertThat(names).contains("team/notes", "team/copy");
    // The same branch with curl, which sends %2F as it is.
    String auth = "Authorization: "
        + alice.request("x").build().headers().firstValue("Authorization").orElseThrow();
    assertThat(curl("-H", auth, alice.url("branches/team%2Fnotes/values/plan"))).isEqualTo("v2");
  }

  @Test
  void curlWritesAndReadsAValue() throws Exception {
    String url = alice.url("branches/curl/values/greeting");
    String auth = "Authorization: "
        + alice.request("x").build().headers().firstValue("Authorization").orElseThrow();

    String put = curl("-X", "PUT", "-H", auth, "--data-binary", "hi from curl", url);
    String get = curl("-i", "-H", auth, url);

    assertThat(put).contains("\"commit\"").contains("\"etag\"");
    assertThat(get).startsWith("HTTP/1.1 200").contains("ETag: \"").endsWith("hi from curl");
  }

  private static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
    command.addAll(List.of(args));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as(out).isZero();
    return out;
  }

  private static List<String> kindsByPath(JsonNode changes) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : changes) {
      out.add(c.get("path").asText() + " " + c.get("kind").asText());
    }
    return out;
  }
}
