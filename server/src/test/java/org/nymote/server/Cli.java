package org.nymote.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the {@code nymote} command line in this JVM, with its own streams, for fast tests. */
final class Cli {
  private Cli() {}

  /** What a command printed, and its exit code. */
  record Output(int exitCode, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The first line of standard output, for commands that print an id. */
    String line() {
      return text()
          .lines()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no output; " + stderr));
    }
  }

  static Output run(byte[] stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int exitCode = Main.execute(
        Map.of(),
        new ByteArrayInputStream(stdin),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        args);
    return new Output(exitCode, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  static Output run(String... args) {
    return run(new byte[0], args);
  }
}
