package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the REST API: each refused with the right status and a problem (RFC 9457) that
 * says why, never a 500 or a stack trace, and nothing stored.
 */
class RestBadInputTest {
  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static RestClient alice;

  @BeforeAll
  static void start() throws Exception {
    Path home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    alice = RestClient.bearer(nymote, "alice", RestClient.newToken(home, "alice"));
    assertThat(alice.put("branches/main/values/v", "1").status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void malformedJsonIs400AsAProblemThatSaysSo() throws Exception {
    var answer = alice.post("branches", "{\"name\": \"x\",");

    assertProblem(answer, 400, "malformed-json");
    assertThat(answer.json().get("detail").asText()).contains("not valid JSON");
  }

  @Test
  void jsonThatIsNotTheObjectExpectedIs400() throws Exception {
    assertProblem(alice.post("branches", "[1, 2]"), 400, "malformed-json");
    assertProblem(alice.post("branches", "{\"name\": \"x\"}"), 400, "malformed-json");
    assertProblem(
        alice.post("branches", "{\"name\": 1, \"from\": \"main\"}"), 400, "malformed-json");
    assertProblem(alice.post("branches/main/merge", "{}"), 400, "malformed-json");
  }

  @Test
  void aValueOver16MiBIs413AndNothingIsStored() throws Exception {
    var answer = alice.put("branches/main/values/big", new byte[(16 << 20) + 1]);

    assertProblem(answer, 413, "content-too-large");
    assertThat(alice.get("branches/main/values/big").status()).isEqualTo(404);
    assertThat(alice.put("branches/main/values/just-fits", new byte[16 << 20]).status())
        .isEqualTo(201);
  }

  @Test
  void aJsonBodyOver1MiBIs413() throws Exception {
    String padding = " ".repeat(1 << 20);

    assertProblem(
        alice.post("branches", "{\"name\":\"x\",\"from\":\"main\"}" + padding),
        413,
        "content-too-large");
  }

  @Test
  void anInvalidPathIs400AndSaysWhy() throws Exception {
    var shard = alice.put("branches/main/values/dir/~0", "x");
    var query = alice.get("branches/main/log?path=a//b");
    var prefix = alice.get("diff?from=main&to=main&prefix=..");

    assertProblem(shard, 400, "invalid-path");
    assertThat(shard.json().get("detail").asText()).contains("reserved");
    assertProblem(query, 400, "invalid-path");
    assertThat(query.json().get("detail").asText()).contains("empty segment");
    assertProblem(prefix, 400, "invalid-path");
  }

  @Test
  void aUrlJettyRefusesIsAProblemUnderTheApiAndAPageElsewhere() throws Exception {
    var encodedDots = alice.get("branches/main/values/%2e%2e/v");
    var dots = alice.send(HttpRequest.newBuilder(java.net.URI.create(
        RestClient.base(nymote) + "/api/v1/users/alice/branches/main/values/a/../v")));
    var empty = alice.get("branches/main/values/a//v");
    // Outside the API, Jetty's strict rules stand: no %2F, %25 or // in /git/ and the others.
    var git = alice.send(HttpRequest.newBuilder(java.net.URI.create(
        RestClient.base(nymote) + "/git/alice%2F..%2Fbob/store.git/info/refs")));
    var gitEmpty = alice.send(HttpRequest.newBuilder(
        java.net.URI.create(RestClient.base(nymote) + "/git/alice//store.git/info/refs")));

    var bigHeader = alice.get("branches/main/values/v", "X-Big", "x".repeat(20_000));
    assertProblem(encodedDots, 400, "invalid-url");
    assertThat(encodedDots.json().get("detail").asText()).contains("Ambiguous URI path segment");
    assertThat(encodedDots.json().get("instance").asText())
        .isEqualTo("/api/v1/users/alice/branches/main/values/%2e%2e/v");
    assertProblem(dots, 400, "invalid-url");
    assertThat(bigHeader.status()).isEqualTo(431);
    assertThat(bigHeader.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(bigHeader.json().get("type").asText()).isEqualTo("about:blank");
    assertThat(bigHeader.json().get("title").asText()).isEqualTo("Request Header Fields Too Large");
    assertProblem(empty, 400, "invalid-path");
    assertThat(empty.json().get("detail").asText()).contains("empty segment");
    for (var answer : List.of(git, gitEmpty)) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
      assertThat(answer.header("Content-Type")).startsWith("text/html");
      assertThat(answer.text()).doesNotContain("Exception");
    }
  }

  @Test
  void unknownBranchesRevisionsAndResourcesAre404() throws Exception {
    assertProblem(alice.get("branches/nope/values/v"), 404, "unknown-branch");
    assertProblem(alice.get("branches/nope/log"), 404, "unknown-branch");
    assertProblem(alice.get("diff?from=main&to=" + "a".repeat(40)), 404, "unknown-revision");
    assertProblem(alice.get("branches/main/values/missing"), 404, "not-found");
    assertProblem(alice.get("branches/main/nothing-here"), 404, "not-found");
  }

  @Test
  void aWrongMethodIs405AndNamesTheAllowedOnes() throws Exception {
    var answer = alice.send(alice.request("branches/main/merge").GET());

    assertProblem(answer, 405, "method-not-allowed");
    assertThat(answer.header("Allow")).isEqualTo("POST");
    assertProblem(alice.send(alice.request("branches").DELETE()), 405, "method-not-allowed");
  }

  @Test
  void aJsonBodyOfAnotherMediaTypeIs415() throws Exception {
    var answer = alice.send(alice
        .request("branches")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("name=x&from=main")));

    assertProblem(answer, 415, "unsupported-media-type");
  }

  @Test
  void otherBadParametersAndHeadersAre400() throws Exception {
    assertProblem(alice.get("branches/main/log?limit=many"), 400, "invalid-request");
    assertProblem(alice.get("branches/main/log?limit=0"), 400, "invalid-request");
    assertProblem(alice.get("diff?from=main"), 400, "invalid-request");
    assertProblem(
        alice.put("branches/main/values/v", "2", "If-Match", "abc"), 400, "invalid-request");
    assertProblem(alice.put("branches/a..b/values/v", "2"), 400, "invalid-branch-name");
    assertProblem(
        alice.post("branches", "{\"name\":\"bad name\",\"from\":\"main\"}"),
        400,
        "invalid-branch-name");
    assertProblem(alice.put("branches/main/values/", "2"), 400, "invalid-path");
    assertThat(alice.get("branches/main/values/v").text()).isEqualTo("1");
  }

  @Test
  void aValueWhereADirectoryIsOrUnderAValueIs409() throws Exception {
    alice.put("branches/main/values/dir/inside", "1");

    assertProblem(alice.put("branches/main/values/dir", "x"), 409, "conflict");
    assertProblem(alice.put("branches/main/values/v/under", "x"), 409, "conflict");
    assertThat(alice.get("branches/main/values/dir/inside").text()).isEqualTo("1");
  }

  @Test
  void noBadInputGetsA500() throws Exception {
    List<RestClient.Answer> answers = List.of(
        alice.post("branches/main/revert", "{\"commit\":\"" + "f".repeat(40) + "\"}"),
        alice.post("branches/main/revert", "{\"commit\":null}"),
        alice.post("branches/main/merge", "{\"from\":\"main\",\"message\":7}"),
        alice.post("branches", "\u0000\u0001"),
        alice.post("branches", "{\"a\":" + "[".repeat(5000) + "]}"),
        alice.get("branches/main/values/v", "If-None-Match", "\"unterminated"),
        alice.get("branches/main/watch?prefix=~f"),
        alice.get("branches/%C0%AF/log"),
        alice.get("branches/main/values/%FF%FE"));

    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
      assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ");
    });
    assertThat(nymote.stderr()).doesNotContain("ERROR").doesNotContain("Exception");
  }

  private static void assertProblem(RestClient.Answer answer, int status, String kind) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.get("type").asText()).isEqualTo("urn:nymote:problem:" + kind);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
  }
}
