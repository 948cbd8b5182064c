package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nymote store} as separate processes: real standard streams, and several at once. */
class StoreProcessTest {
  @TempDir
  Path temp;

  @Test
  void getWritesTheValueToStandardOutputAsItIs() throws Exception {
    String repo = temp.resolve("repo").toString();
    run("store", "--repo", repo, "init");

    var set = NymoteProcess.run(
        home(),
        "line one\n\0 and a NUL, no final newline",
        "store",
        "--repo",
        repo,
        "set",
        "raw",
        "-");
    var get = run("store", "--repo", repo, "get", "raw");

    assertThat(set.exitCode()).as(set.stderr()).isZero();
    assertThat(get.stdout()).isEqualTo("line one\n\0 and a NUL, no final newline");
    assertThat(gitShow(repo, "main:raw")).isEqualTo("line one\n\0 and a NUL, no final newline");
  }

  @Test
  void watchPrintsEachCommitsChangesUnderItsPrefixWhileOthersWrite() throws Exception {
    String repo = temp.resolve("repo").toString();
    run("store", "--repo", repo, "init");
    run("store", "--repo", repo, "set", "notes/before", "1");

    try (var watch = NymoteProcess.start(
        home(), "store", "--repo", repo, "watch", "notes", "--interval", "20")) {
      String added =
          run("store", "--repo", repo, "set", "notes/a", "1").stdout().strip();
      run("store", "--repo", repo, "set", "elsewhere", "1");
      String removed =
          run("store", "--repo", repo, "rm", "notes/before").stdout().strip();
      String changed =
          run("store", "--repo", repo, "set", "notes/a", "2").stdout().strip();

      assertThat(watch.nextLine()).isEqualTo(added + " + notes/a");
      assertThat(watch.nextLine()).isEqualTo(removed + " - notes/before");
      assertThat(watch.nextLine()).isEqualTo(changed + " M notes/a");
    }
  }

  private Path home() {
    return temp.resolve("home");
  }

  private NymoteProcess.Result run(String... args) throws Exception {
    var result = NymoteProcess.run(home(), "", args);
    assertThat(result.exitCode())
        .as(String.join(" ", args) + ": " + result.stderr())
        .isZero();
    return result;
  }

  private static String gitShow(String repo, String object) throws Exception {
    Process git = new ProcessBuilder("git", "--git-dir", repo, "show", object)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out =
        new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).isZero();
    return out;
  }
}
