package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real git against {@code nymote serve}'s {@code /git/USER/store.git}, over http and https. */
class GitSmartHttpTest {
  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static String password;
  static String bobPassword;
  static int httpPort;
  static int httpsPort;

  @BeforeAll
  static void start() throws Exception {
    Path home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    password = nymote.password().orElseThrow();
    bobPassword = "bobs-own-password";
    var bob = NymoteProcess.run(home, bobPassword + "\n", "user", "add", "bob", "--password-stdin");
    assertThat(bob.exitCode()).as(bob.stderr()).isZero();
    httpPort = nymote.port("http");
    httpsPort = nymote.port("https");
    // A first commit, pushed by git, for the clones below.
    Path seed = temp.resolve("seed");
    GitCli.ok(temp, "init", "-q", seed.toString());
    Files.writeString(seed.resolve("hello.txt"), "hello\n");
    GitCli.ok(seed, "add", ".");
    GitCli.ok(seed, "commit", "-qm", "seed");
    GitCli.ok(seed, "push", "-q", url("alice", password), "main");
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  static String url(String user, String password) {
    return "http://" + user + ":" + password + "@127.0.0.1:" + httpPort + "/git/alice/store.git";
  }

  static String url(String user, String password, String owner) {
    return "http://" + user + ":" + password + "@127.0.0.1:" + httpPort + "/git/" + owner
        + "/store.git";
  }

  @Test
  void gitClonesFetchesAndPushesOverHttp() throws Exception {
    Path one = temp.resolve("http-one");
    Path two = temp.resolve("http-two");
    GitCli.ok(temp, "clone", "-q", url("alice", password), one.toString());
    GitCli.ok(temp, "clone", "-q", url("alice", password), two.toString());
    assertThat(Files.readString(one.resolve("hello.txt"))).isEqualTo("hello\n");

    Files.writeString(one.resolve("pushed.txt"), "from one\n");
    GitCli.ok(one, "add", ".");
    GitCli.ok(one, "commit", "-qm", "from one");
    GitCli.ok(one, "push", "-q", "origin", "main");
    GitCli.ok(two, "fetch", "-q", "origin");

    assertThat(GitCli.ok(two, "show", "origin/main:pushed.txt")).isEqualTo("from one");
    assertThat(GitCli.ok(two, "rev-parse", "origin/main"))
        .isEqualTo(GitCli.ok(one, "rev-parse", "HEAD"));
  }

  @Test
  void gitClonesAndPushesOverHttps() throws Exception {
    String https = "https://alice:" + password + "@127.0.0.1:" + httpsPort + "/git/alice/store.git";
    Path clone = temp.resolve("https");
    GitCli.ok(temp, "clone", "-q", https, clone.toString());
    Files.writeString(clone.resolve("secure.txt"), "over TLS\n");
    GitCli.ok(clone, "add", ".");
    GitCli.ok(clone, "commit", "-qm", "over TLS");
    GitCli.ok(clone, "push", "-q", "origin", "main");

    assertThat(GitCli.ok(temp, "ls-remote", https, "refs/heads/main"))
        .startsWith(GitCli.ok(clone, "rev-parse", "HEAD"));
  }

  @Test
  void aWrongPasswordIsRefusedWith401() throws Exception {
    var clone =
        GitCli.run(temp, "clone", url("alice", "wrong"), temp.resolve("wrong").toString());
    var response = get("/git/alice/store.git/info/refs?service=git-upload-pack", "alice", "wrong");

    assertThat(clone.exitCode()).isNotZero();
    assertThat(clone.output()).contains("Authentication failed");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void aUserCannotReachAnotherUsersStore() throws Exception {
    var clone = GitCli.run(
        temp,
        "clone",
        url("bob", bobPassword, "alice"),
        temp.resolve("bob-at-alice").toString());
    var response =
        get("/git/alice/store.git/info/refs?service=git-upload-pack", "bob", bobPassword);
    var own = GitCli.run(temp, "ls-remote", url("bob", bobPassword, "bob"));

    assertThat(clone.exitCode()).isNotZero();
    assertThat(clone.output()).contains("forbidden: bob may reach only /git/bob/store.git");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(own.exitCode()).as(own.output()).isZero();
  }

  @Test
  void aNonFastForwardPushIsRefusedWithAdviceToSync() throws Exception {
    Path one = temp.resolve("nff-one");
    Path two = temp.resolve("nff-two");
    GitCli.ok(temp, "clone", "-q", url("alice", password), one.toString());
    GitCli.ok(temp, "clone", "-q", url("alice", password), two.toString());
    Files.writeString(one.resolve("one.txt"), "one\n");
    GitCli.ok(one, "add", ".");
    GitCli.ok(one, "commit", "-qm", "one");
    GitCli.ok(one, "push", "-q", "origin", "main");
    String before = GitCli.ok(temp, "ls-remote", url("alice", password), "refs/heads/main");
    Files.writeString(two.resolve("two.txt"), "two\n");
    GitCli.ok(two, "add", ".");
    GitCli.ok(two, "commit", "-qm", "two");

    var push = GitCli.run(two, "push", "--force", "origin", "main");

    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).contains("remote rejected").contains("run 'nymote sync'");
    assertThat(GitCli.ok(temp, "ls-remote", url("alice", password), "refs/heads/main"))
        .isEqualTo(before);
  }

  @Test
  void aPushOfACorruptCommitIsRefusedAndNothingMoves() throws Exception {
    Path clone = temp.resolve("corrupt");
    GitCli.ok(temp, "clone", "-q", url("alice", password), clone.toString());
    String tree = GitCli.ok(clone, "rev-parse", "HEAD^{tree}");
    String parent = GitCli.ok(clone, "rev-parse", "HEAD");
    Path bad = temp.resolve("bad-commit");
    Files.writeString(
        bad,
        "tree " + tree + "\nparent " + parent
            + "\nauthor no email here\ncommitter x <x@x> 1 +0000\n\nbad\n");
    String id =
        GitCli.ok(clone, "hash-object", "--literally", "-t", "commit", "-w", bad.toString());
    GitCli.ok(clone, "update-ref", "refs/heads/main", id);
    String before = GitCli.ok(temp, "ls-remote", url("alice", password), "refs/heads/main");

    var push = GitCli.run(clone, "push", "origin", "main");

    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("error");
    assertThat(GitCli.ok(temp, "ls-remote", url("alice", password), "refs/heads/main"))
        .isEqualTo(before);
  }

  @Test
  void theDumbProtocolAnOversizedFetchAndAWrongBodyTypeAreRefusedClearly() throws Exception {
    var dumb = get("/git/alice/store.git/info/refs", "alice", password);
    var tooLarge = post(
        "/git/alice/store.git/git-upload-pack",
        "application/x-git-upload-pack-request",
        new byte[(16 << 20) + 1]);
    var wrongType = post("/git/alice/store.git/git-upload-pack", "text/plain", new byte[1]);
    var unknown = get("/git/alice/elsewhere", "alice", password);

    assertThat(dumb.statusCode()).isEqualTo(403);
    assertThat(dumb.body()).contains("smart HTTP");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void syncingWithARemoteThatIsNotConfiguredIsNotFound() throws Exception {
    var response = post("/git/alice/sync?remote=nowhere", "text/plain", new byte[0]);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no remote 'nowhere'");
  }

  private static HttpResponse<String> get(String path, String user, String password)
      throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user, password)));
  }

  private static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Authorization", basic("alice", password))
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + path);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
