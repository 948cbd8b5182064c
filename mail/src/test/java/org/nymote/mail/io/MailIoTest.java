package org.nymote.mail.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.mail.store.MailLayout;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MessageEntry;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.types.StandardTypes;

/** Maildir on disk to the store to mbox and back: bytes, flags and dates survive exactly. */
class MailIoTest {
  @TempDir
  Path temp;

  /** Maildir file name to its LF bytes; awkward cases included. */
  static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put(
        "cur/1700000001.1.host:2,FRS",
        "From: a@x.test\nSubject: flagged\n\nFrom the start of a line\n>From quoted\n");
    FILES.put("cur/1700000002.2.host:2,S", "Subject: seen\n\n>>From twice\nend without newline");
    FILES.put("cur/1700000003.3.host:2,DT", "Subject: draft deleted\n\n\n\nblank lines\n\n");
    FILES.put("new/1700000004.4.host", "Subject: new\n\nFrom me\n");
  }

  private static MailStore store() {
    var repo =
        Repo.inMemory(StandardTypes.addTo(MailLayout.addTo(Schema.builder())).build());
    return MailStore.open(repo, "test");
  }

  private Path maildir() throws Exception {
    Path dir = temp.resolve("Maildir");
    Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(dir.resolve("cur"));
    Files.createDirectories(dir.resolve("new"));
    long second = 1_700_000_000L;
    for (var file : FILES.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.writeString(path, file.getValue());
      Files.setLastModifiedTime(path, FileTime.from(Instant.ofEpochSecond(second += 60)));
    }
    return dir;
  }

  @Test
  void aMaildirRoundTripsThroughTheStoreAndMboxByteForByte() throws Exception {
    MailStore store = store();
    long imported = MailImport.from(maildir(), store, "Archive", Progress.none());
    assertThat(imported).isEqualTo(4);

    List<MessageEntry> entries = store.snapshot("Archive").messages();
    Map<String, Set<String>> flagsBySubject = new LinkedHashMap<>();
    for (MessageEntry e : entries) {
      String text = new String(store.message(e.message()).orElseThrow(), StandardCharsets.UTF_8);
      String subject = text.lines()
          .filter(l -> l.startsWith("Subject: "))
          .findFirst()
          .orElseThrow()
          .substring(9);
      flagsBySubject.put(subject, e.flags());
    }
    assertThat(flagsBySubject)
        .containsEntry("flagged", Set.of("\\Flagged", "\\Answered", "\\Seen"))
        .containsEntry("seen", Set.of("\\Seen"))
        .containsEntry("draft deleted", Set.of("\\Draft", "\\Deleted"))
        .containsEntry("new", Set.of());

    var mbox = new ByteArrayOutputStream();
    assertThat(MailExport.toMbox(store, "Archive", mbox, Progress.none())).isEqualTo(4);
    String text = mbox.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("\n>From the start of a line\n>>From quoted\n")
        .contains("\n>>>From twice\nend without newline\nFrom MAILER-DAEMON ");

    List<String> exported = new ArrayList<>();
    List<Instant> dates = new ArrayList<>();
    try (var reader = new MboxReader(new ByteArrayInputStream(mbox.toByteArray()))) {
      for (Optional<MessageFile> m; (m = reader.next()).isPresent(); ) {
        exported.add(new String(LineEnds.toLf(m.get().bytes()), StandardCharsets.UTF_8));
        dates.add(m.get().internalDate());
      }
    }
    assertThat(exported).containsExactlyInAnyOrderElementsOf(FILES.values());
    assertThat(dates)
        .containsExactlyInAnyOrderElementsOf(
            entries.stream().map(MessageEntry::internalDate).toList());

    Path file = temp.resolve("export.mbox");
    Files.write(file, mbox.toByteArray());
    MailImport.from(file, store, "Again", Progress.none());
    var again = new ByteArrayOutputStream();
    MailExport.toMbox(store, "Again", again, Progress.none());
    assertThat(again.toByteArray()).isEqualTo(mbox.toByteArray());
  }

  @Test
  void aFileThatIsNotAnMboxIsRefusedAndNothingIsImported() throws Exception {
    MailStore store = store();
    Path file = temp.resolve("notes.txt");
    Files.writeString(file, "just some notes\nFrom here on\n");
    try {
      MailImport.from(file, store, "INBOX", Progress.none());
      throw new AssertionError("imported a non-mbox file");
    } catch (java.io.IOException e) {
      assertThat(e.getMessage()).contains("not an mbox file");
    }
    assertThat(store.snapshot("INBOX").messages()).isEmpty();
  }

  @Test
  void maildirInfoLettersMapToImapFlags() {
    assertThat(Maildir.flags("123.host:2,DFPRST"))
        .containsExactlyInAnyOrder(
            "\\Draft", "\\Flagged", "$Forwarded", "\\Answered", "\\Seen", "\\Deleted");
    assertThat(Maildir.flags("123.host")).isEmpty();
    assertThat(Maildir.flags("123.host:2,a")).isEmpty();
  }
}
