package org.nymote.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code nymote serve} driven by python3 imaplib sessions (scripts in
 * src/test/resources/imap): each prints one {@code ok: ...} line per check and {@code ALL OK} at
 * the end, and stops at the first failed check.
 */
class ImapPythonClientTest {
  @TempDir
  static Path temp;

  private static ImapServerFixture server;

  @BeforeAll
  static void start() throws Exception {
    server = ImapServerFixture.start(temp);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static void passes(String script, int minChecks) throws Exception {
    var run = server.python(script, 180);
    assertThat(run.output())
        .as(script + "\nserver log:\n" + server.nymote.stderr())
        .contains("ALL OK")
        .doesNotContain("FAILED");
    assertThat(run.exitCode()).as(script + "\n" + run.output()).isZero();
    assertThat(run.output().lines().filter(l -> l.startsWith("ok: ")).count())
        .as("checks passed in " + script)
        .isGreaterThanOrEqualTo(minChecks);
  }

  @Test
  void imap4rev1CoreCommandsWorkOverStarttlsAndImplicitTls() throws Exception {
    passes("core.py", 100);
    // SEARCH BODY/TEXT went through alice's full-text index, kept on disk beside the stores
    Path index = server.home.resolve("index").resolve("mail").resolve("alice");
    try (var files = java.nio.file.Files.list(index)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.startsWith("segments"));
    }
  }

  @Test
  void everyAnnouncedExtensionWorks() throws Exception {
    passes("extensions.py", 80);
  }

  @Test
  void imap4rev2BinaryAndThreadReferencesWork() throws Exception {
    passes("rev2.py", 80);
  }

  @Test
  void badInputGetsBadOrNoAndTheConnectionStaysUsable() throws Exception {
    passes("badinput.py", 50);
  }
}
