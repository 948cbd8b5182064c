package org.nymote.mail.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nymote.store.Path;
import org.nymote.store.Tree;

/**
 * One mailbox as this replica numbered it at one commit: UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and
 * the messages in UID order. Immutable.
 */
public record MailboxSnapshot(
    MailboxInfo mailbox,
    long uidValidity,
    long uidNext,
    long highestModseq,
    List<MessageEntry> messages) {
  public MailboxSnapshot {
    messages = List.copyOf(messages);
  }

  static MailboxSnapshot read(Tree t, MailboxInfo m, String device) {
    UidState st =
        t.find(MailLayout.uidState(device, m.id())).map(UidState::decode).orElse(UidState.fresh(1));
    List<MessageEntry> out = new ArrayList<>();
    for (String key : t.list(MailLayout.uidEntries(device, m.id()))) {
      entry(t, m.id(), device, key).ifPresent(out::add);
    }
    out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
    return new MailboxSnapshot(m, st.uidValidity(), st.uidNext(), st.modseq(), out);
  }

  static Optional<MessageEntry> entry(Tree t, String id, String device, String key) {
    Path entries = MailLayout.uidEntries(device, id);
    Optional<UidEntry> e = t.find(entries.child(key)).map(UidEntry::decode);
    Optional<Member> mem = t.find(MailLayout.member(id, key), Member.CONTENTS);
    if (e.isEmpty() || mem.isEmpty() || mem.get().expunged()) {
      return Optional.empty();
    }
    Member x = mem.get();
    return Optional.of(new MessageEntry(
        e.get().uid(), e.get().modseq(), key, x.message(), x.flags(), x.internalDate(), x.size()));
  }
}
