package org.nymote.mail.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nymote.mail.store.MailLayout;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MessageEntry;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.types.StandardTypes;

/** The untagged updates a refresh of the selected mailbox produces, now that it is incremental. */
class SelectedTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  private static byte[] msg(String subject) {
    return ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Records the updates as IMAP would word them. */
  private static final class Said implements Selected.Updates {
    final List<String> lines = new ArrayList<>();

    @Override
    public void expunged(int seq, long uid) {
      lines.add(seq + " EXPUNGE");
    }

    @Override
    public void vanished(List<Long> uids) {
      lines.add("VANISHED " + uids);
    }

    @Override
    public void exists(int count) {
      lines.add(count + " EXISTS");
    }

    @Override
    public void flags(int seq, MessageEntry e) {
      lines.add(seq + " FETCH " + e.flags() + " UID " + e.uid());
    }

    List<String> take() {
      List<String> out = List.copyOf(lines);
      lines.clear();
      return out;
    }
  }

  @Test
  void changesByAnotherSessionAreToldOnceAndExpungesWaitUntilAllowed() throws Exception {
    Repo repo =
        Repo.inMemory(StandardTypes.addTo(MailLayout.addTo(Schema.builder())).build());
    MailStore mine = MailStore.open(repo, "dev");
    MailStore other = MailStore.open(repo, "dev");
    for (int i = 0; i < 3; i++) {
      mine.append("INBOX", msg("m" + i), Set.of(), T.plusSeconds(i));
    }
    Selected sel = new Selected(mine.snapshot("INBOX"), false);
    Said said = new Said();
    sel.refresh(mine, true, false, said);
    assertThat(said.take()).isEmpty();

    List<String> keys = sel.messages().stream().map(MessageEntry::key).toList();
    other.store(
        "INBOX",
        List.of(keys.get(0)),
        MailStore.FlagChange.ADD,
        Set.of("\\Seen"),
        OptionalLong.empty());
    other.expunge("INBOX", List.of(keys.get(1)), false);
    other.append("INBOX", msg("m3"), Set.of(), T.plusSeconds(3));

    // during a FETCH: no EXPUNGE yet (RFC 3501 7.4.1), the rest is told
    sel.refresh(mine, false, false, said);
    assertThat(said.take()).containsExactly("1 FETCH [\\Seen] UID 1", "4 EXISTS");
    assertThat(sel.size()).isEqualTo(4);
    // nothing changed in the store since, but the expunge is still owed: told at the next NOOP
    sel.refresh(mine, true, false, said);
    assertThat(said.take()).containsExactly("2 EXPUNGE");
    assertThat(sel.messages()).extracting(MessageEntry::uid).containsExactly(1L, 3L, 4L);
    sel.refresh(mine, true, false, said);
    assertThat(said.take()).isEmpty();

    // a change elsewhere in the store tells nothing; with QRESYNC an expunge is a VANISHED
    other.create("Elsewhere", Optional.empty());
    sel.refresh(mine, true, true, said);
    assertThat(said.take()).isEmpty();
    other.expunge("INBOX", List.of(sel.at(2).key()), false);
    sel.refresh(mine, true, true, said);
    assertThat(said.take()).containsExactly("VANISHED [3]");
    assertThat(sel.highestModseq()).isEqualTo(mine.snapshot("INBOX").highestModseq());
    assertThat(sel.name).isEqualTo("INBOX");
  }
}
