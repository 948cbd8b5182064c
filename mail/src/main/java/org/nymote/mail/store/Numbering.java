package org.nymote.mail.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Change;
import org.nymote.store.CorruptObjectException;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Tree;

/**
 * Keeps this replica's UIDs and MODSEQs of a mailbox in step with its members, inside the update
 * that changes them: a new member gets the next UID, a changed member a new MODSEQ, an expunged
 * or vanished member leaves its UID in the expunge log. Members merged in from another replica are
 * found by diffing the members tree against the one last numbered, and numbered above UIDNEXT in
 * order of internal date, so no UID is ever handed out twice here. A pure function of the tree.
 */
final class Numbering {
  private final Repo repo;
  private final String device;

  Numbering(Repo repo, String device) {
    this.repo = repo;
    this.device = device;
  }

  /** Whether the numbering of mailbox {@code id} in {@code t} is behind its members. */
  boolean isBehind(Tree t, String id) {
    Optional<UidState> st = state(t, id);
    return st.isEmpty()
        || !st.get().seen().equals(t.findId(MailLayout.members(id)).map(ObjectId::name));
  }

  Optional<UidState> state(Tree t, String id) {
    return t.find(MailLayout.uidState(device, id)).map(UidState::decode);
  }

  /**
   * Numbers mailbox {@code id}. {@code before} is the tree the caller started from: when its
   * numbering was current, only {@code touched} member keys need a look.
   */
  Tree renumber(Tree before, Tree t, String id, List<String> touched) {
    UidState st = state(t, id).orElseGet(() -> UidState.fresh(newValidity()));
    Optional<ObjectId> membersNow = t.findId(MailLayout.members(id));
    if (st.seen().equals(membersNow.map(ObjectId::name)) && state(t, id).isPresent()) {
      return t;
    }
    TreeSet<String> keys = new TreeSet<>();
    if (!isBehind(before, id)) {
      keys.addAll(touched);
    } else {
      keys.addAll(changedSince(st, t, id));
    }
    long uidNext = st.uidNext();
    long modseq = st.modseq();
    List<String> newcomers = new ArrayList<>();
    Path entries = MailLayout.uidEntries(device, id);
    for (String key : keys) {
      Path memberPath = MailLayout.member(id, key);
      Optional<Member> m = t.find(memberPath, Member.CONTENTS).filter(x -> !x.expunged());
      Optional<UidEntry> e = t.find(entries.child(key)).map(UidEntry::decode);
      if (m.isPresent()) {
        String blob = t.findId(memberPath).orElseThrow().name();
        if (e.isEmpty()) {
          newcomers.add(key);
        } else if (!e.get().blob().equals(blob)) {
          t = t.with(entries.child(key), new UidEntry(e.get().uid(), ++modseq, blob).encode());
        }
      } else if (e.isPresent()) {
        t = t.without(entries.child(key));
        t = t.with(
            MailLayout.expunged(device, id).child(Long.toString(e.get().uid())),
            (++modseq + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    final Tree view = t;
    newcomers.sort(Comparator.comparing((String k) ->
            view.find(MailLayout.member(id, k), Member.CONTENTS).orElseThrow().internalDate())
        .thenComparing(k -> k));
    for (String key : newcomers) {
      String blob = t.findId(MailLayout.member(id, key)).orElseThrow().name();
      t = t.with(entries.child(key), new UidEntry(uidNext++, ++modseq, blob).encode());
    }
    UidState next = new UidState(st.uidValidity(), uidNext, modseq, membersNow.map(ObjectId::name));
    return t.with(MailLayout.uidState(device, id), next.encode());
  }

  /** Member keys that changed since the members tree last numbered (all of them if unknown). */
  private List<String> changedSince(UidState st, Tree t, String id) {
    Tree now = t.subtree(MailLayout.members(id));
    if (st.seen().isPresent()) {
      try {
        Tree then = repo.tree(ObjectId.fromString(st.seen().get()));
        List<String> out = new ArrayList<>();
        for (Change c : repo.diff(then, now, Path.ROOT)) {
          out.add(c.path().name());
        }
        // entries whose member vanished with its whole directory are in the diff too
        return out;
      } catch (CorruptObjectException e) {
        // the tree last numbered is gone: look at everything
      }
    }
    List<String> all = new ArrayList<>(now.list(Path.ROOT));
    all.addAll(t.list(MailLayout.uidEntries(device, id)));
    return all;
  }

  /** A UIDVALIDITY for a mailbox this replica sees first now: seconds since the epoch. */
  private static long newValidity() {
    return Math.max(1, (System.currentTimeMillis() / 1000) & 0xffffffffL);
  }
}
