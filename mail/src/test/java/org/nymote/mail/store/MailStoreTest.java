package org.nymote.mail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nymote.store.Info;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.types.StandardTypes;

class MailStoreTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  private static Repo repo() {
    return Repo.inMemory(StandardTypes.addTo(MailLayout.addTo(Schema.builder())).build());
  }

  private static byte[] msg(String subject) {
    return ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nbody " + subject + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void appendCreatesInboxAndHandsOutGrowingUids() throws Exception {
    MailStore s = MailStore.open(repo(), "dev1");
    AppendResult a = s.append("INBOX", msg("one"), Set.of("\\Seen"), T);
    AppendResult b = s.append("inbox", msg("two"), Set.of(), T.plusSeconds(1));
    assertThat(a.uid()).isEqualTo(1);
    assertThat(b.uid()).isEqualTo(2);
    assertThat(b.uidValidity()).isEqualTo(a.uidValidity()).isPositive();
    MailboxSnapshot snap = s.snapshot("INBOX");
    assertThat(snap.messages()).extracting(MessageEntry::uid).containsExactly(1L, 2L);
    assertThat(snap.messages().get(0).flags()).containsExactly("\\Seen");
    assertThat(snap.uidNext()).isEqualTo(3);
    assertThat(s.message(snap.messages().get(1).message()).orElseThrow()).isEqualTo(msg("two"));
    assertThat(s.exists("INBOX")).isTrue();
    assertThat(s.exists("Nope")).isFalse();
  }

  @Test
  void appendToAMissingMailboxIsRefusedAndStoresNothing() {
    MailStore s = MailStore.open(repo(), "dev1");
    assertThatThrownBy(() -> s.append("Nope", msg("x"), Set.of(), T))
        .isInstanceOf(MailStoreException.class)
        .extracting(e -> ((MailStoreException) e).reason())
        .isEqualTo(MailStoreException.Reason.NONEXISTENT);
    assertThat(s.repo().branch(MailStore.BRANCH).exists()).isFalse();
  }

  @Test
  void concurrentAppendsNeverShareAUid() throws Exception {
    MailStore s = MailStore.open(repo(), "dev1");
    Set<Long> uids = ConcurrentHashMap.newKeySet();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 200; i++) {
        int n = i;
        pool.submit(() -> uids.add(s.append("INBOX", msg("m" + n), Set.of(), T).uid()));
      }
    }
    assertThat(uids).hasSize(200);
    assertThat(s.snapshot("INBOX").messages()).hasSize(200);
  }

  @Test
  void storeExpungeCopyMoveAndCondstore() throws Exception {
    MailStore s = MailStore.open(repo(), "dev1");
    s.create("Archive", Optional.of("\\Archive"));
    for (int i = 0; i < 4; i++) {
      s.append("INBOX", msg("m" + i), Set.of(), T.plusSeconds(i));
    }
    List<MessageEntry> m = s.snapshot("INBOX").messages();
    long before = s.snapshot("INBOX").highestModseq();
    var r = s.store(
        "INBOX",
        List.of(m.get(0).key(), m.get(1).key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Deleted"),
        OptionalLong.empty());
    assertThat(r.updated()).allMatch(e -> e.flags().contains("\\Deleted") && e.modseq() > before);
    var refused = s.store(
        "INBOX",
        List.of(m.get(0).key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Seen"),
        OptionalLong.of(before));
    assertThat(refused.modified()).containsExactly(1L);
    assertThat(s.expunge("INBOX", keys(s.snapshot("INBOX")), true)).containsExactly(1L, 2L);
    assertThat(s.expungedSince("INBOX", before)).containsExactly(1L, 2L);
    CopyResult c = s.copy("INBOX", List.of(m.get(2).key()), "Archive", false);
    assertThat(c.sourceUids()).containsExactly(3L);
    assertThat(c.targetUids()).containsExactly(1L);
    CopyResult mv = s.copy("INBOX", List.of(m.get(3).key()), "Archive", true);
    assertThat(mv.targetUids()).containsExactly(2L);
    assertThat(s.snapshot("INBOX").messages()).extracting(MessageEntry::uid).containsExactly(3L);
    assertThat(s.snapshot("Archive").messages()).hasSize(2);
    // one copy of the bytes for a message in two mailboxes
    assertThat(s.repo().branch("main").tree().paths(MailLayout.MESSAGES)).hasSize(4);
  }

  @Test
  void createRenameDeleteMailboxes() throws Exception {
    MailStore s = MailStore.open(repo(), "dev1");
    s.create("Work/Projects", Optional.empty());
    assertThat(s.list())
        .extracting(MailboxInfo::name)
        .containsExactly("INBOX", "Work", "Work/Projects");
    s.append("Work/Projects", msg("p"), Set.of(), T);
    long validity = s.snapshot("Work/Projects").uidValidity();
    s.rename("Work", "Job");
    assertThat(s.list())
        .extracting(MailboxInfo::name)
        .containsExactly("INBOX", "Job", "Job/Projects");
    assertThat(s.snapshot("Job/Projects").uidValidity()).isEqualTo(validity);
    assertThat(s.snapshot("Job/Projects").messages()).hasSize(1);
    assertThatThrownBy(() -> s.create("Job", Optional.empty()))
        .isInstanceOf(MailStoreException.class);
    s.delete("Job/Projects");
    assertThat(s.exists("Job/Projects")).isFalse();
    assertThatThrownBy(() -> s.delete("INBOX")).isInstanceOf(MailStoreException.class);
    s.append("INBOX", msg("i"), Set.of(), T);
    s.rename("INBOX", "Old");
    assertThat(s.snapshot("INBOX").messages()).isEmpty();
    assertThat(s.snapshot("Old").messages()).hasSize(1);
  }

  @Test
  void replicasNumberWhatMergesInAboveTheirOwnUidsAndMergeFlags() throws Exception {
    Repo repo = repo();
    MailStore a = MailStore.open(repo, "main", "a");
    MailStore b = MailStore.open(repo, "b", "b");
    a.append("INBOX", msg("a1"), Set.of(), T);
    repo.branch("b").merge(repo.branch("main"), Info.now("b", "sync"));
    b.append("INBOX", msg("b1"), Set.of(), T.plusSeconds(5));
    a.append("INBOX", msg("a2"), Set.of(), T.plusSeconds(6));
    MessageEntry shared = b.snapshot("INBOX").messages().get(0);
    b.store(
        "INBOX",
        List.of(shared.key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Seen"),
        OptionalLong.empty());
    a.store(
        "INBOX",
        List.of(shared.key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Flagged"),
        OptionalLong.empty());
    assertThat(repo.branch("main")
            .mergeKeepingBoth(repo.branch("b").head().orElseThrow().id(), Info.now("a", "sync"))
            .isClean())
        .isTrue();
    repo.branch("b").merge(repo.branch("main"), Info.now("b", "sync"));
    for (MailStore s : List.of(a, b)) {
      MailboxSnapshot snap = s.snapshot("INBOX");
      assertThat(snap.messages()).hasSize(3);
      Set<Long> uids = new HashSet<>();
      snap.messages().forEach(e -> uids.add(e.uid()));
      assertThat(uids).hasSize(3);
      assertThat(snap.messages().get(0).flags()).containsExactlyInAnyOrder("\\Seen", "\\Flagged");
    }
    // a numbered a1=1, a2=2, then b1 (merged in) above them
    assertThat(a.snapshot("INBOX").messages())
        .extracting(MessageEntry::uid)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void refreshReadsOnlyWhatChangedAndSeesOtherSessionsAndMergedSyncs() throws Exception {
    Repo repo = repo();
    MailStore a = MailStore.open(repo, "main", "a");
    MailStore other = MailStore.open(repo, "main", "a");
    MailStore b = MailStore.open(repo, "b", "b");
    for (int i = 0; i < 3; i++) {
      a.append("INBOX", msg("m" + i), Set.of(), T.plusSeconds(i));
    }
    MailboxSnapshot snap = a.snapshot("INBOX");
    assertThat(a.refresh(snap)).isSameAs(snap);

    // another session of the same replica: append, flag one, expunge another
    other.append("INBOX", msg("m3"), Set.of("\\Flagged"), T.plusSeconds(3));
    other.store(
        "INBOX",
        List.of(snap.messages().get(0).key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Seen"),
        OptionalLong.empty());
    other.expunge("INBOX", List.of(snap.messages().get(1).key()), false);
    MailboxSnapshot next = a.refresh(snap);
    assertSameView(next, a.snapshot("INBOX"));
    assertThat(next.messages()).extracting(MessageEntry::uid).containsExactly(1L, 3L, 4L);
    assertThat(next.messages().get(0).flags()).containsExactly("\\Seen");
    assertThat(next.messages().get(2).flags()).containsExactly("\\Flagged");
    assertThat(next.highestModseq()).isGreaterThan(snap.highestModseq());

    // changes elsewhere in the store leave the mailbox's snapshot as it is
    other.create("Elsewhere", Optional.empty());
    other.append("Elsewhere", msg("e"), Set.of(), T);
    assertThat(a.refresh(next)).isSameAs(next);

    // a sync merges in another replica's append and flag change: numbered, then seen
    repo.branch("b").merge(repo.branch("main"), Info.now("b", "sync"));
    b.append("INBOX", msg("b1"), Set.of(), T.plusSeconds(10));
    b.store(
        "INBOX",
        List.of(next.messages().get(1).key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Answered"),
        OptionalLong.empty());
    assertThat(repo.branch("main")
            .mergeKeepingBoth(repo.branch("b").head().orElseThrow().id(), Info.now("a", "sync"))
            .isClean())
        .isTrue();
    MailboxSnapshot merged = a.refresh(next);
    assertSameView(merged, a.snapshot("INBOX"));
    assertThat(merged.messages()).extracting(MessageEntry::uid).containsExactly(1L, 3L, 4L, 5L);
    assertThat(merged.messages().get(1).flags()).containsExactly("\\Answered");
    assertThat(merged.messages().get(1).modseq())
        .isGreaterThan(next.messages().get(1).modseq());
    assertThat(a.refresh(merged)).isSameAs(merged);

    // a deleted mailbox is NONEXISTENT, as for snapshotById
    MailboxSnapshot elsewhere = a.snapshot("Elsewhere");
    other.delete("Elsewhere");
    assertThatThrownBy(() -> a.refresh(elsewhere))
        .isInstanceOf(MailStoreException.class)
        .extracting(e -> ((MailStoreException) e).reason())
        .isEqualTo(MailStoreException.Reason.NONEXISTENT);
  }

  private static void assertSameView(MailboxSnapshot incremental, MailboxSnapshot full) {
    assertThat(incremental.mailbox()).isEqualTo(full.mailbox());
    assertThat(incremental.uidValidity()).isEqualTo(full.uidValidity());
    assertThat(incremental.uidNext()).isEqualTo(full.uidNext());
    assertThat(incremental.highestModseq()).isEqualTo(full.highestModseq());
    assertThat(incremental.messages()).isEqualTo(full.messages());
  }

  @Test
  void expungeOnOneReplicaAndFlagChangeOnTheOtherMerge() throws Exception {
    Repo repo = repo();
    MailStore a = MailStore.open(repo, "main", "a");
    MailStore b = MailStore.open(repo, "b", "b");
    a.append("INBOX", msg("x"), Set.of("\\Deleted"), T);
    repo.branch("b").merge(repo.branch("main"), Info.now("b", "sync"));
    String key = a.snapshot("INBOX").messages().get(0).key();
    a.expunge("INBOX", List.of(key), true);
    b.store(
        "INBOX", List.of(key), MailStore.FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
    assertThat(
            repo.branch("b").merge(repo.branch("main"), Info.now("b", "sync")).isClean())
        .isTrue();
    assertThat(b.snapshot("INBOX").messages()).isEmpty();
    assertThat(b.expungedSince("INBOX", 0)).containsExactly(1L);
  }

  @Test
  void restoreBringsBackExpungedMessagesAndDeletedMailboxesAsTheyWere() throws Exception {
    Repo repo =
        Repo.inMemory(StandardTypes.addTo(MailLayout.addTo(Schema.builder())).build());
    MailStore s = MailStore.open(repo, "dev1");
    s.create("Projects", Optional.empty());
    s.append("Projects", msg("p1"), Set.of("\\Seen"), T);
    s.append("Projects", msg("p2"), Set.of(), T);
    s.append("INBOX", msg("i1"), Set.of(), T);
    Thread.sleep(1100); // commit times have whole seconds
    Instant before = Instant.now();
    Thread.sleep(1100);
    MessageEntry i1 = s.snapshot("INBOX").messages().get(0);
    s.store(
        "INBOX",
        List.of(i1.key()),
        MailStore.FlagChange.ADD,
        Set.of("\\Deleted"),
        OptionalLong.empty());
    s.expunge("INBOX", List.of(i1.key()), true);
    s.append("INBOX", msg("i2"), Set.of(), T);
    s.delete("Projects");
    assertThat(s.exists("Projects")).isFalse();

    assertThat(s.restore("INBOX", before)).isEqualTo(1);
    assertThat(s.snapshot("INBOX").messages())
        .extracting(MessageEntry::uid)
        .containsExactly(2L, 3L); // i2 kept; i1 back under a new UID, never its old one
    assertThat(s.snapshot("INBOX").messages().get(1).flags()).doesNotContain("\\Deleted");
    assertThat(s.restore("Projects", before)).isEqualTo(2);
    assertThat(s.snapshot("Projects").messages()).hasSize(2);
    assertThat(s.snapshot("Projects").messages())
        .filteredOn(e -> e.flags().contains("\\Seen"))
        .hasSize(1);
    assertThat(s.restore("INBOX", before)).isZero(); // nothing more to bring back
  }

  private static List<String> keys(MailboxSnapshot s) {
    return s.messages().stream().map(MessageEntry::key).toList();
  }
}
