package org.nymote.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sync clients against the real {@code nymote serve}: mbsync (isync) two ways with a few
 * hundred messages, flag changes on both sides and deletions; offlineimap down and up.
 */
class ImapSyncClientsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  @Test
  void mbsyncSyncsBothWaysWithFlagChangesAndDeletions() throws Exception {
    Path local = temp.resolve("mbsync-mail");
    Maildir.fill(local.resolve("INBOX"), "mb", 300);
    Path rc = mbsyncrc(local);

    run(List.of("mbsync", "-c", rc.toString(), "-a"), 300);
    Map<String, List<String>> server1 = serverState("INBOX");
    assertThat(server1).hasSize(300).isEqualTo(Maildir.state(local.resolve("INBOX")));

    // on the server: flag 20 messages, delete 10; locally: answer 15, delete 5
    Map<String, List<String>> serverAfter =
        serverState("INBOX", "flag", "20", "\\Flagged", "7", "expunge", "10", "11");
    Set<String> deleted = new HashSet<>(server1.keySet());
    deleted.removeAll(serverAfter.keySet());
    assertThat(deleted).hasSize(10);
    Set<String> flaggedThere = new HashSet<>();
    serverAfter.forEach((id, f) -> {
      if (f.contains("\\Flagged")) {
        flaggedThere.add(id);
      }
    });
    List<Path> files = Maildir.files(local.resolve("INBOX"));
    Set<String> answeredHere = new HashSet<>();
    for (int i = 0; i < 15; i++) {
      Path f = files.get(5 + i * 13);
      answeredHere.add(Maildir.messageId(f));
      Maildir.addFlag(f, 'R');
    }
    for (int i = 0; i < 5; i++) {
      Path f = files.get(3 + i * 17);
      deleted.add(Maildir.messageId(f));
      Files.delete(f);
    }
    answeredHere.removeAll(deleted);
    flaggedThere.removeAll(deleted);
    run(List.of("mbsync", "-c", rc.toString(), "-a"), 300);
    Map<String, List<String>> now = serverState("INBOX");
    assertThat(now).hasSize(300 - deleted.size()).isEqualTo(Maildir.state(local.resolve("INBOX")));
    assertThat(now.keySet()).doesNotContainAnyElementsOf(deleted);
    assertThat(flaggedThere)
        .hasSizeGreaterThan(10)
        .allMatch(id -> now.get(id).contains("\\Flagged"));
    assertThat(answeredHere).isNotEmpty().allMatch(id -> now.get(id).contains("\\Answered"));

    // and a new folder made locally arrives on the server
    Maildir.fill(local.resolve("mbsync-folder"), "mbf", 12);
    run(List.of("mbsync", "-c", rc.toString(), "-a"), 300);
    assertThat(serverState("mbsync-folder"))
        .isEqualTo(Maildir.state(local.resolve("mbsync-folder")));
  }

  private static Path mbsyncrc(Path local) throws Exception {
    Files.createDirectories(local);
    Path rc = temp.resolve("mbsyncrc");
    Files.writeString(
        rc,
        String.join(
            "\n",
            "IMAPAccount nymote",
            "Host 127.0.0.1",
            "Port " + server.imapPort(),
            "User alice",
            "Pass " + server.alicePassword,
            "SSLType STARTTLS",
            "CertificateFile " + server.caFile,
            "",
            "IMAPStore remote",
            "Account nymote",
            "",
            "MaildirStore local",
            "Path " + local + "/",
            "Inbox " + local.resolve("INBOX"),
            "SubFolders Verbatim",
            "",
            "Channel sync",
            "Far :remote:",
            "Near :local:",
            "Patterns INBOX mbsync-*",
            "Create Both",
            "Expunge Both",
            "SyncState *",
            ""));
    return rc;
  }

  @Test
  void offlineimapSyncsDownAndUp() throws Exception {
    Path local = temp.resolve("offlineimap-mail");
    // a mailbox with messages on the server
    Path seed = temp.resolve("seed");
    Maildir.fill(seed.resolve("INBOX"), "oi", 40);
    Files.createDirectories(local);
    Path rc = temp.resolve("offlineimaprc");
    Files.writeString(
        rc,
        String.join(
            "\n",
            "[general]",
            "accounts = nymote",
            "metadata = " + temp.resolve("offlineimap-meta"),
            "",
            "[Account nymote]",
            "localrepository = local",
            "remoterepository = remote",
            "",
            "[Repository local]",
            "type = Maildir",
            "localfolders = " + local,
            "",
            "[Repository remote]",
            "type = IMAP",
            "remotehost = 127.0.0.1",
            "remoteport = " + server.imapsPort(),
            "remoteuser = bob",
            "remotepass = " + ImapServerFixture.BOB_PASSWORD,
            "ssl = yes",
            "sslcacertfile = " + server.caFile,
            "folderfilter = lambda f: f == 'INBOX'",
            ""));
    // seed bob's INBOX through offlineimap itself: local messages go up
    Files.createDirectories(local.resolve("INBOX"));
    for (Path f : Maildir.files(seed.resolve("INBOX"))) {
      Files.createDirectories(local.resolve("INBOX").resolve("cur"));
      Files.copy(f, local.resolve("INBOX").resolve("cur").resolve(f.getFileName()));
    }
    List<String> offlineimap = List.of("offlineimap", "-c", rc.toString(), "-u", "basic", "-o");
    run(offlineimap, 300);
    assertThat(bobState()).hasSize(40).isEqualTo(Maildir.state(local.resolve("INBOX")));
    // a flag set locally goes up; a second run changes nothing
    Maildir.addFlag(Maildir.files(local.resolve("INBOX")).get(0), 'F');
    run(offlineimap, 300);
    Map<String, List<String>> after = bobState();
    assertThat(after).isEqualTo(Maildir.state(local.resolve("INBOX")));
    assertThat(after.values().stream().filter(f -> f.contains("\\Flagged"))).hasSize(1);
  }

  private static Map<String, List<String>> bobState() throws Exception {
    return state(List.of("bob", "INBOX"));
  }

  private static Map<String, List<String>> serverState(String mailbox, String... ops)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("alice", mailbox));
    args.addAll(List.of(ops));
    return state(args);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> state(List<String> args) throws Exception {
    Path scripts = Path.of("src/test/resources/imap").toAbsolutePath();
    List<String> command =
        new ArrayList<>(List.of("python3", scripts.resolve("state.py").toString()));
    command.addAll(args);
    var pb = new ProcessBuilder(command).directory(scripts.toFile());
    pb.environment().putAll(server.environment());
    Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return new TreeMap<>(JSON.readValue(out, Map.class));
  }

  private static void run(List<String> command, int seconds) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as(command + " finished").isTrue();
    assertThat(p.exitValue())
        .as(command + ":\n" + out + "\nserver:\n" + server.nymote.stderr())
        .isZero();
  }
}
