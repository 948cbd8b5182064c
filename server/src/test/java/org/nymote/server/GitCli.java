package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code git}, run in a folder, never prompting, with a fixed identity. */
final class GitCli {
  private GitCli() {}

  /** What git printed (standard output and error together) and its exit code. */
  record Result(int exitCode, String output) {
    Result ok() {
      assertThat(exitCode).as(output).isZero();
      return this;
    }

    String text() {
      return output.strip();
    }
  }

  static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        "git",
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.org",
        "-c",
        "init.defaultBranch=main",
        "-c",
        "http.sslVerify=false",
        "-c",
        "credential.helper="));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("GIT_ASKPASS", "/bin/false");
    Process git = builder.start();
    String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!git.waitFor(60, TimeUnit.SECONDS)) {
      git.destroyForcibly();
      throw new AssertionError("git " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Result(git.exitValue(), output);
  }

  /** Runs git and fails the test unless it succeeds; returns what it printed, stripped. */
  static String ok(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, args).ok().text();
  }
}
