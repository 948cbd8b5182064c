package org.nymote.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} binary, run for tests in a directory, isolated from the user's and the
 * system's configuration. Blocking; each call starts one process.
 */
final class RealGit {
  private RealGit() {}

  /** What a git run printed and how it exited. */
  record Result(int exit, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + text() + "\nstderr: " + err;
    }
  }

  /** Runs {@code git args...} in {@code dir}. */
  static Result run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_AUTHOR_NAME", "Plain Git");
    env.put("GIT_AUTHOR_EMAIL", "plain@git.test");
    env.put("GIT_COMMITTER_NAME", "Plain Git");
    env.put("GIT_COMMITTER_EMAIL", "plain@git.test");
    env.put("LC_ALL", "C");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> out = readAll(p.getInputStream());
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("git " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Result(p.exitValue(), out.join(), err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs git and asserts that it exits with 0; returns its standard output. */
  static Result ok(Path dir, String... args) {
    Result r = run(dir, args);
    assertThat(r.exit()).as("git %s\n%s", String.join(" ", args), r).isZero();
    return r;
  }

  /** Asserts that {@code git fsck --strict} finds nothing wrong in the repository at {@code repo}. */
  static void assertFsckClean(Path repo) {
    Result r = run(repo, "fsck", "--strict", "--no-progress");
    assertThat(r.exit()).as("git fsck --strict in %s\n%s", repo, r).isZero();
    String all = (r.text() + r.err()).toLowerCase(java.util.Locale.ROOT);
    assertThat(all)
        .as("git fsck --strict in %s\n%s", repo, r)
        .doesNotContain("error", "missing", "broken", "corrupt", "bad ");
  }

  private static CompletableFuture<byte[]> readAll(InputStream in) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (in) {
        f.complete(in.readAllBytes());
      } catch (IOException e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }
}
