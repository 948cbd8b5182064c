package org.nymote.mail.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.mail.store.MailLayout;
import org.nymote.mail.store.MailStore;
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

  @Test
  void findsWordsInDecodedBodiesAndHeadersAndKeepsInStepWithTheStore() throws Exception {
    Repo repo =
        Repo.inMemory(StandardTypes.addTo(MailLayout.addTo(Schema.builder())).build());
    MailStore store = MailStore.open(repo, "dev");
    store.append(
        "INBOX", msg("Quarterly report", "The caf=C3=A9 opens at nine"), Set.of(), Instant.now());
    store.append("INBOX", msg("Lunch", "Meet at the station"), Set.of(), Instant.now());
    String cafe = store.snapshot("INBOX").messages().get(0).message();
    try (MailIndex index = MailIndex.open(store, temp.resolve("idx"))) {
      assertThat(index.matching("café opens", false)).contains(Set.of(cafe));
      assertThat(index.matching("quarterly", false)).contains(Set.of());
      assertThat(index.matching("quarterly", true)).contains(Set.of(cafe));
      assertThat(index.matching("!!!", false)).isEmpty(); // no words: the caller scans
      store.append("INBOX", msg("Later", "the station again"), Set.of(), Instant.now());
      assertThat(index.matching("station", false).orElseThrow()).hasSize(2);
    }
    // reopened: only what is new gets indexed
    store.append("INBOX", msg("Fourth", "nothing new"), Set.of(), Instant.now());
    try (MailIndex index = MailIndex.open(store, temp.resolve("idx"))) {
      assertThat(index.catchUp()).isEqualTo(1);
      assertThat(index.matching("station", false).orElseThrow()).hasSize(2);
    }
    // lost: rebuilt from the store
    try (var files = java.nio.file.Files.walk(temp.resolve("idx"))) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    try (MailIndex index = MailIndex.open(store, temp.resolve("idx"))) {
      assertThat(index.catchUp()).isEqualTo(4);
      assertThat(index.matching("nine", false)).isEqualTo(Optional.of(Set.of(cafe)));
    }
  }
}
