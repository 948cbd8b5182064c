package org.nymote.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MessageEntry;
import org.nymote.server.Home;
import org.nymote.server.NymoteProcess;
import org.nymote.server.stores.Stores;
import org.nymote.server.users.UserName;

/**
 * {@code nymote mail import} and {@code export} as child processes, on a Maildir written by
 * Python's mailbox module; the exported mbox is read back by Python (mboxrd) and compared byte
 * for byte with the Maildir's files.
 */
class MailImportExportTest {
  @TempDir
  static Path temp;

  static Path home;
  static Path maildir;

  /** Writes a Maildir with Python: flags in cur/, one message in new/, awkward lines. */
  static final String MAKE_MAILDIR = """
      import mailbox, sys
      md = mailbox.Maildir(sys.argv[1], create=True)
      bodies = [
          ("seen and answered", "RS", "Hello.\\nFrom the top of a line\\n>From quoted\\n"),
          ("flagged", "F", "Caf\\u00e9 au lait, 8 bits.\\n"),
          ("draft", "D", "no final newline"),
          ("new one", "", "\\n\\nblank lines first\\n"),
      ]
      for subject, flags, body in bodies:
          raw = ("From: a@example.test\\nTo: carol@example.test\\nSubject: " + subject
                 + "\\nContent-Type: text/plain; charset=utf-8\\n\\n" + body).encode("utf-8")
          m = mailbox.MaildirMessage(raw)
          if flags:
              m.set_subdir("cur")
              m.set_flags(flags)
          md.add(m)
      """;

  /**
   * Prints, per message of an mboxrd file, its Subject and whether it equals a Maildir file.
   * Python's reader keeps the newline our writer adds after a message that lacks a final one
   * (it drops a separator only after an empty line), hence "same+newline" for that message;
   * our own reader drops it, which the re-import below checks byte for byte.
   */
  static final String CHECK_MBOX = """
      import mailbox, re, sys
      originals = {}
      md = mailbox.Maildir(sys.argv[1], create=False)
      for key in md.keys():
          raw = md.get_bytes(key)
          originals[raw] = key
      box = mailbox.mbox(sys.argv[2], create=False)
      for key in box.keys():
          data = box.get_bytes(key)
          lines = data.split(b"\\n")
          unquoted = b"\\n".join(l[1:] if re.match(rb"^>+From ", l) else l for l in lines)
          subject = box.get_message(key)["Subject"]
          if unquoted in originals:
              print(subject + ":same")
          elif unquoted.endswith(b"\\n") and unquoted[:-1] in originals:
              print(subject + ":same+newline")
          else:
              print(subject + ":DIFFERENT")
      """;

  @BeforeAll
  static void setUp() throws Exception {
    home = temp.resolve("home");
    Home h = Home.locate(home, Map.of());
    h.create();
    h.addUser(new UserName("carol"), "secret".getBytes(StandardCharsets.UTF_8));
    maildir = temp.resolve("Maildir");
    var made = MailTools.run(List.of("python3", "-c", MAKE_MAILDIR, maildir.toString()), null);
    assertThat(made.exitCode()).as(made.output()).isZero();
  }

  @Test
  void aMaildirImportedThenExportedComesBackByteForByteWithItsFlags() throws Exception {
    var imported = NymoteProcess.run(
        home,
        "",
        "mail",
        "import",
        "carol",
        maildir.toString(),
        "--mailbox",
        "Archive/2026",
        "--device",
        "test");
    assertThat(imported.exitCode()).as(imported.stderr()).isZero();
    assertThat(imported.stdout()).contains("imported 4 messages into Archive/2026");
    assertThat(imported.stderr()).contains("[##############################] 100% 4/4 messages");

    Path mbox = temp.resolve("archive.mbox");
    var exported = NymoteProcess.run(
        home,
        "",
        "mail",
        "export",
        "carol",
        "Archive/2026",
        "-o",
        mbox.toString(),
        "--device",
        "test");
    assertThat(exported.exitCode()).as(exported.stderr()).isZero();
    assertThat(exported.stdout()).contains("exported 4 messages");

    var check = MailTools.run(
        List.of("python3", "-c", CHECK_MBOX, maildir.toString(), mbox.toString()), null);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output().lines().sorted().toList())
        .containsExactly(
            "draft:same+newline", "flagged:same", "new one:same", "seen and answered:same");

    Map<String, Set<String>> flags = new HashMap<>();
    try (var stores = new Stores(Home.locate(home, Map.of()), "test")) {
      MailStore store = MailStore.open(stores.of(new UserName("carol")), "test");
      for (MessageEntry e : store.snapshot("Archive/2026").messages()) {
        String text = new String(store.message(e.message()).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContainPattern("[^\r]\n");
        flags.put(text.replaceAll("(?s).*Subject: ([^\r]*)\r.*", "$1"), e.flags());
      }
    }
    assertThat(flags)
        .containsEntry("seen and answered", Set.of("\\Seen", "\\Answered"))
        .containsEntry("flagged", Set.of("\\Flagged"))
        .containsEntry("draft", Set.of("\\Draft"))
        .containsEntry("new one", Set.of());

    var again = NymoteProcess.run(
        home,
        "",
        "mail",
        "import",
        "carol",
        mbox.toString(),
        "--mailbox",
        "Again",
        "--device",
        "test");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    Path second = temp.resolve("again.mbox");
    NymoteProcess.run(
        home, "", "mail", "export", "carol", "Again", "-o", second.toString(), "--device", "test");
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(mbox));
  }

  @Test
  void badSourcesAndMailboxesAreClearErrors() throws Exception {
    var missing = NymoteProcess.run(
        home, "", "mail", "import", "carol", temp.resolve("nothing").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("no Maildir or mbox file at");

    Path notes = temp.resolve("notes.txt");
    Files.writeString(notes, "not mail\n");
    var notMbox = NymoteProcess.run(home, "", "mail", "import", "carol", notes.toString());
    assertThat(notMbox.exitCode()).isEqualTo(1);
    assertThat(notMbox.stderr()).contains("not an mbox file");

    var noUser = NymoteProcess.run(
        home,
        "",
        "mail",
        "export",
        "dave",
        "INBOX",
        "-o",
        temp.resolve("x.mbox").toString());
    assertThat(noUser.exitCode()).isEqualTo(2);
    assertThat(noUser.stderr()).contains("no user dave");

    var noBox = NymoteProcess.run(
        home,
        "",
        "mail",
        "export",
        "carol",
        "Nope",
        "-o",
        temp.resolve("y.mbox").toString());
    assertThat(noBox.exitCode()).isEqualTo(2);
    assertThat(noBox.stderr()).contains("no mailbox Nope");
    assertThat(temp.resolve("y.mbox")).doesNotExist();
  }
}
