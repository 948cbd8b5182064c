package org.nymote.mail.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nymote.store.Path;
import org.nymote.store.Tree;

/**
 * One mailbox as this replica numbered it at one commit: UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and
 * the messages in UID order, with the store tree they were read from ({@link MailStore#refresh}
 * starts from it to read only what changed since). Immutable.
 */
public record MailboxSnapshot(
    MailboxInfo mailbox,
    long uidValidity,
    long uidNext,
    long highestModseq,
    List<MessageEntry> messages,
    Tree tree) {
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
    return new MailboxSnapshot(m, st.uidValidity(), st.uidNext(), st.modseq(), out, t);
  }

  /**
   * The snapshot of the same mailbox in {@code t}, from this one and the members {@code keys}
   * (those whose member or UID entry differ between {@link #tree} and {@code t}): reads only
   * those. The caller checked that UIDVALIDITY is unchanged.
   */
  MailboxSnapshot with(Tree t, MailboxInfo m, String device, Collection<String> keys) {
    UidState st =
        t.find(MailLayout.uidState(device, m.id())).map(UidState::decode).orElseThrow();
    Map<String, Optional<MessageEntry>> changed = new HashMap<>();
    for (String key : keys) {
      changed.put(key, entry(t, m.id(), device, key));
    }
    // one pass in UID order, looking up only the changed keys; new members go at the end (their
    // UIDs are above the others), so the sort below finds the list (nearly) sorted: linear time
    List<MessageEntry> out = new ArrayList<>(messages.size() + changed.size());
    for (MessageEntry e : messages) {
      Optional<MessageEntry> now = changed.remove(e.key());
      if (now == null) {
        out.add(e);
      } else {
        now.ifPresent(out::add);
      }
    }
    changed.values().forEach(now -> now.ifPresent(out::add));
    out.sort((a, b) -> Long.compare(a.uid(), b.uid()));
    return new MailboxSnapshot(m, st.uidValidity(), st.uidNext(), st.modseq(), out, t);
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
