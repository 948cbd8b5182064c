package org.nymote.mail.imap.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nymote.mail.imap.command.SequenceSet;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailboxRef;
import org.nymote.mail.store.MailboxSnapshot;
import org.nymote.mail.store.MessageEntry;

/**
 * The selected mailbox as this session's client knows it: messages in sequence order (including
 * expunged ones not yet announced, which a client may still fetch), UIDVALIDITY, and what it last
 * told the client. {@link #refresh} compares it with the store and produces the untagged updates
 * (EXISTS, EXPUNGE or VANISHED, FETCH FLAGS). Owned by the session's thread.
 */
final class Selected {
  /** The mailbox's name, as of the last refresh (another session may rename it). */
  String name;

  final String id;
  final boolean readOnly;
  final long uidValidity;
  private final List<MessageEntry> view = new ArrayList<>();
  private long highestModseq;
  /** The store's view at the last refresh: the next one reads only what changed since. */
  private MailboxSnapshot snap;

  Selected(MailboxSnapshot snap, boolean readOnly) {
    this.name = snap.mailbox().name();
    this.id = snap.mailbox().id();
    this.readOnly = readOnly;
    this.uidValidity = snap.uidValidity();
    this.view.addAll(snap.messages());
    this.highestModseq = snap.highestModseq();
    this.snap = snap;
  }

  /** The mailbox, by id: one lookup, and it follows a rename by another session. */
  MailboxRef ref() {
    return MailboxRef.id(id);
  }

  int size() {
    return view.size();
  }

  List<MessageEntry> messages() {
    return view;
  }

  long highestModseq() {
    return highestModseq;
  }

  MessageEntry at(int seq) {
    return view.get(seq - 1);
  }

  long maxUid() {
    return view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
  }

  /** The sequence numbers (1-based) a set names, ascending. */
  List<Integer> resolve(SequenceSet set, boolean byUid) {
    List<Integer> out = new ArrayList<>();
    long max = byUid ? maxUid() : view.size();
    for (int i = 0; i < view.size(); i++) {
      long n = byUid ? view.get(i).uid() : i + 1;
      if (set.contains(n, max)) {
        out.add(i + 1);
      }
    }
    return out;
  }

  /** Whether a message-number set names numbers beyond the mailbox (a BAD for non-UID). */
  boolean outOfRange(SequenceSet set) {
    for (SequenceSet.Range r : set.ranges()) {
      long a = r.from() == SequenceSet.STAR ? view.size() : r.from();
      long b = r.to() == SequenceSet.STAR ? view.size() : r.to();
      if (Math.max(a, b) > view.size()) {
        return true;
      }
    }
    return false;
  }

  /** Replaces entries that a STORE changed, so refresh does not report them again. */
  void updated(List<MessageEntry> changed) {
    Map<Long, MessageEntry> byUid = new HashMap<>();
    changed.forEach(e -> byUid.put(e.uid(), e));
    for (int i = 0; i < view.size(); i++) {
      MessageEntry now = byUid.get(view.get(i).uid());
      if (now != null) {
        view.set(i, now);
        highestModseq = Math.max(highestModseq, now.modseq());
      }
    }
  }

  /** What a refresh has to tell the client. */
  interface Updates {
    void expunged(int seq, long uid) throws IOException;

    void vanished(List<Long> uids) throws IOException;

    void exists(int count) throws IOException;

    void flags(int seq, MessageEntry entry) throws IOException;
  }

  /**
   * Brings the view up to date with the store, reading only what changed since the last refresh
   * ({@link MailStore#refresh}). Expunges are reported (and applied) only when
   * {@code allowExpunge} (RFC 3501 7.4.1), as VANISHED when {@code qresync}.
   */
  void refresh(MailStore store, boolean allowExpunge, boolean qresync, Updates out)
      throws IOException {
    MailboxSnapshot last = this.snap;
    MailboxSnapshot snap = store.refresh(last);
    this.snap = snap;
    name = snap.mailbox().name();
    if (snap == last && view.size() == snap.messages().size()) {
      return; // nothing changed, and no expunge is still to be told
    }
    Map<Long, MessageEntry> now = new HashMap<>();
    snap.messages().forEach(e -> now.put(e.uid(), e));
    List<Long> gone = new ArrayList<>();
    for (int i = 0; i < view.size(); i++) {
      MessageEntry old = view.get(i);
      MessageEntry cur = now.get(old.uid());
      if (cur == null) {
        gone.add(old.uid());
      } else if (!cur.flags().equals(old.flags()) || cur.modseq() != old.modseq()) {
        view.set(i, cur);
        if (!cur.flags().equals(old.flags())) {
          out.flags(i + 1, cur);
        }
      }
    }
    if (allowExpunge && !gone.isEmpty()) {
      if (qresync) {
        view.removeIf(e -> !now.containsKey(e.uid()));
        out.vanished(gone);
      } else {
        int i = 0;
        while (i < view.size()) {
          if (now.containsKey(view.get(i).uid())) {
            i++;
          } else {
            out.expunged(i + 1, view.remove(i).uid());
          }
        }
      }
    }
    long max = maxUid();
    int before = view.size();
    for (MessageEntry e : snap.messages()) {
      if (e.uid() > max) {
        view.add(e);
      }
    }
    if (view.size() != before) {
      out.exists(view.size());
    }
    highestModseq = snap.highestModseq();
  }
}
