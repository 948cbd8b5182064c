package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nymote remote} and {@code nymote sync} on a home: through the running serve (which holds
 * the stores), by itself when none runs, and {@code serve --sync-every}.
 */
class SyncCommandTest {
  @TempDir
  Path temp;

  @Test
  void remotesAreKeptPrivatelyAndSyncedPeriodicallyThroughServeAndWithoutIt() throws Exception {
    Path home = temp.resolve("home");
    Path hub = temp.resolve("hub.git");
    GitCli.ok(temp, "init", "-q", "--bare", hub.toString());
    String url;
    try (var serve = NymoteProcess.serve(home, "--user", "alice", "--sync-every", "1s")) {
      var add = NymoteProcess.run(
          home,
          "hub-secret\n",
          "remote",
          "add",
          "hub",
          hub.toString(),
          "--remote-user",
          "al",
          "--password-stdin");
      var list = NymoteProcess.run(home, "", "remote", "list");
      Path file = home.resolve("users/alice/remotes.json");

      assertThat(add.exitCode()).as(add.stderr()).isZero();
      assertThat(list.stdout()).isEqualTo("hub " + hub + " (as al)\n");
      assertThat(list.stdout() + add.stdout() + add.stderr()).doesNotContain("hub-secret");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");

      // A push to the served store reaches the hub by the periodic sync alone.
      url = "http://alice:" + serve.password().orElseThrow() + "@127.0.0.1:" + serve.port("http")
          + "/git/alice/store.git";
      Path work = temp.resolve("work");
      GitCli.ok(temp, "init", "-q", work.toString());
      Files.writeString(work.resolve("note"), "one\n");
      GitCli.ok(work, "add", ".");
      GitCli.ok(work, "commit", "-qm", "one");
      GitCli.ok(work, "push", "-q", url, "main");
      String pushed = GitCli.ok(work, "rev-parse", "HEAD");
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!GitCli.run(hub, "rev-parse", "main").text().equals(pushed)) {
        assertThat(System.nanoTime()).as("the periodic sync reached the hub").isLessThan(deadline);
        Thread.sleep(200);
      }

      // An explicit sync goes through the serve, which holds the store.
      Files.writeString(work.resolve("note"), "two\n");
      GitCli.ok(work, "commit", "-qam", "two");
      GitCli.ok(work, "push", "-q", url, "main");
      var sync = NymoteProcess.run(home, "", "sync", "hub");
      assertThat(sync.exitCode()).as(sync.stderr()).isZero();
      assertThat(sync.stdout()).startsWith("alice hub: ok");
      assertThat(GitCli.ok(hub, "show", "main:note")).isEqualTo("two");
    }

    // With no serve, nymote sync opens the stores itself.
    GitCli.ok(temp, "clone", "-q", hub.toString(), temp.resolve("elsewhere").toString());
    Path elsewhere = temp.resolve("elsewhere");
    Files.writeString(elsewhere.resolve("other"), "from the hub\n");
    GitCli.ok(elsewhere, "add", ".");
    GitCli.ok(elsewhere, "commit", "-qm", "other");
    GitCli.ok(elsewhere, "push", "-q", "origin", "main");
    assertThat(home.resolve("run/http.url")).doesNotExist();
    var alone = NymoteProcess.run(home, "", "sync");
    var get = NymoteProcess.run(
        home,
        "",
        "store",
        "--repo",
        home.resolve("users/alice/store.git").toString(),
        "get",
        "other");

    assertThat(alone.exitCode()).as(alone.stderr()).isZero();
    assertThat(alone.stdout()).isEqualTo("alice hub: ok, main fast_forwarded\n");
    assertThat(get.stdout()).isEqualTo("from the hub\n");
  }

  @Test
  void aSyncThatFailsSaysWhatToDoAndExitsWithOne() throws Exception {
    Path home = temp.resolve("home");
    try (var serve = NymoteProcess.serve(home, "--user", "alice")) {
      NymoteProcess.run(home, "", "remote", "add", "gone", "http://127.0.0.1:9/nothing.git");
      var sync = NymoteProcess.run(home, "", "sync");
      var unknown = NymoteProcess.run(home, "", "sync", "nowhere");

      assertThat(sync.exitCode()).isEqualTo(1);
      assertThat(sync.stdout()).startsWith("alice gone: failed: ");
      assertThat(sync.stderr()).contains("check that those remotes are reachable");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.stderr()).contains("no remote 'nowhere'");
    }
    assertThat(new String(
            Files.readAllBytes(home.resolve("users/alice/remotes.json")), StandardCharsets.UTF_8))
        .contains("\"gone\"");
  }
}
