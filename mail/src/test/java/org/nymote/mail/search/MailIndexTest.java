package org.nymote.mail.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.mail.store.MailLayout;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MessageEntry;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.types.StandardTypes;

class MailIndexTest {
  @TempDir
  Path temp;

  private static byte[] msg(String subject, String body) {
    return ("Subject: " + subject + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Repo repo() {
    return Repo.inMemory(StandardTypes.addTo(MailLayout.addTo(Schema.builder())).build());
  }

  /** The content keys of INBOX as a session would see it now. */
  private static List<String> view(MailStore store) throws Exception {
    return store.snapshot("INBOX").messages().stream()
        .map(MessageEntry::message)
        .toList();
  }

  @Test
  void findsWordsInDecodedBodiesAndHeadersAndKeepsInStepWithTheStore() throws Exception {
    MailStore store = MailStore.open(repo(), "dev");
    store.append(
        "INBOX", msg("Quarterly report", "The caf=C3=A9 opens at nine"), Set.of(), Instant.now());
    store.append("INBOX", msg("Lunch", "Meet at the station"), Set.of(), Instant.now());
    String cafe = store.snapshot("INBOX").messages().get(0).message();
    try (MailIndex index = MailIndex.open(store, temp.resolve("idx"))) {
      List<String> view = view(store);
      assertThat(index.matching("café opens", false, view)).contains(Set.of(cafe));
      assertThat(index.matching("quarterly", false, view)).contains(Set.of());
      assertThat(index.matching("quarterly", true, view)).contains(Set.of(cafe));
      assertThat(index.matching("!!!", false, view)).isEmpty(); // no words: the caller scans
      assertThat(index.headers(cafe).orElseThrow())
          .contains(new org.nymote.mail.mime.HeaderField("Subject", "Quarterly report"));
      store.append("INBOX", msg("Later", "the station again"), Set.of(), Instant.now());
      assertThat(index.matching("station", false, view(store)).orElseThrow()).hasSize(2);
      assertThat(index.added()).isEqualTo(3);
    }
    // reopened: only what is new gets indexed
    store.append("INBOX", msg("Fourth", "nothing new"), Set.of(), Instant.now());
    try (MailIndex index = MailIndex.open(store, temp.resolve("idx"))) {
      assertThat(index.matching("nothing", false, view(store)).orElseThrow()).hasSize(1);
      assertThat(index.matching("station", false, view(store)).orElseThrow()).hasSize(2);
      assertThat(index.added()).isEqualTo(1);
    }
    // lost: rebuilt from the store
    try (var files = java.nio.file.Files.walk(temp.resolve("idx"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (MailIndex index = MailIndex.open(store, temp.resolve("idx"))) {
      assertThat(index.matching("nine", false, view(store))).isEqualTo(Optional.of(Set.of(cafe)));
      assertThat(index.added()).isEqualTo(4);
    }
  }

  @Test
  void aSearchRightAfterAnAppendFromAnotherSessionFindsTheNewMessage() throws Exception {
    Repo repo = repo();
    MailStore mine = MailStore.open(repo, "dev");
    MailStore other = MailStore.open(repo, "dev"); // another session's, on the same store
    mine.append("INBOX", msg("First", "plain words"), Set.of(), Instant.now());
    try (MailIndex index = MailIndex.open(mine, temp.resolve("idx"))) {
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<?>> rounds = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int client = c;
        rounds.add(pool.submit(() -> {
          for (int i = 0; i < 8; i++) {
            String word = "zebra" + client + "x" + i;
            String topic = "tiger" + client + "y" + i;
            other.append(
                "INBOX", msg("On " + topic, "a " + word + " here"), Set.of(), Instant.now());
            // the very next search, with a view that holds the new message, finds it
            List<String> view = view(mine);
            assertThat(index.matching(word, false, view).orElseThrow()).hasSize(1);
            assertThat(index.matching(topic, true, view).orElseThrow()).hasSize(1);
            assertThat(index.matching(topic, false, view).orElseThrow()).isEmpty();
          }
          return null;
        }));
      }
      for (Future<?> f : rounds) {
        f.get();
      }
      pool.close();
      assertThat(index.matching("here", false, view(mine)).orElseThrow()).hasSize(32);
    }
  }
}
