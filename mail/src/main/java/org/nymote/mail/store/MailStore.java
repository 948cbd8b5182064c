package org.nymote.mail.store;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.StoreIOException;
import org.nymote.store.Tree;
import org.nymote.store.Watch;

/**
 * A user's mail in their store (layout: {@link MailLayout}, docs/mail.md), as one replica numbers
 * it for IMAP. Every change is one durable store update, returning only once durable. Thread-safe;
 * holds no state of its own beyond the store, so any number may be open on one repository.
 */
public final class MailStore {
  /** The branch the mail lives on. */
  public static final String BRANCH = "main";

  private final Repo repo;
  private final Branch branch;
  private final String device;
  private final Numbering numbering;

  private MailStore(Repo repo, String branch, String device) {
    this.repo = repo;
    this.branch = repo.branch(branch);
    this.device = device;
    this.numbering = new Numbering(repo, device);
    Path.checkSegment(device);
  }

  /** The mailstore of the user whose store {@code repo} is, numbered for replica {@code device}. */
  public static MailStore open(Repo repo, String device) {
    return new MailStore(repo, BRANCH, device);
  }

  /** The mailstore on another branch than {@link #BRANCH}: for tests of replicas in one repo. */
  static MailStore open(Repo repo, String branch, String device) {
    return new MailStore(repo, branch, device);
  }

  public Repo repo() {
    return repo;
  }

  public String device() {
    return device;
  }

  // ---- mailboxes ----

  /** Whether a mailbox of this name exists (INBOX always does). */
  public boolean exists(String mailbox) {
    return Mailboxes.find(branch.tree(), mailbox).isPresent();
  }

  /** Every mailbox, INBOX included, sorted by name. */
  public List<MailboxInfo> list() {
    Tree t = branch.tree();
    List<MailboxInfo> all = Mailboxes.all(t);
    if (all.stream().noneMatch(m -> m.id().equals(Mailboxes.INBOX_ID))) {
      all = new ArrayList<>(all);
      all.add(Mailboxes.find(t, Mailboxes.INBOX).orElseThrow());
      all.sort((a, b) -> a.name().compareTo(b.name()));
    }
    return all;
  }

  /** Creates a mailbox (and any missing parents); ALREADYEXISTS if it exists. */
  public MailboxInfo create(String name, Optional<String> specialUse) throws IOException {
    String c = Mailboxes.canonical(name);
    AtomicReference<MailboxInfo> made = new AtomicReference<>();
    update("create " + c, t -> {
      if (c.equals(Mailboxes.INBOX) || Mailboxes.find(t, c).isPresent()) {
        throw new MailStoreException(
            MailStoreException.Reason.ALREADYEXISTS, "mailbox " + c + " already exists");
      }
      int slash = c.indexOf('/');
      while (slash > 0) {
        String parent = c.substring(0, slash);
        if (Mailboxes.find(t, parent).isEmpty()) {
          t = Mailboxes.write(
              t, new MailboxInfo(Mailboxes.newId(t, parent), parent, Optional.empty(), false));
        }
        slash = c.indexOf('/', slash + 1);
      }
      MailboxInfo m = new MailboxInfo(Mailboxes.newId(t, c), c, specialUse, false);
      made.set(m);
      return Mailboxes.write(t, m);
    });
    return made.get();
  }

  /** Deletes a mailbox and its members (they stay in history); INBOX cannot be deleted. */
  public void delete(String name) throws IOException {
    update("delete " + name, t -> {
      MailboxInfo m = Mailboxes.get(t, name);
      if (m.id().equals(Mailboxes.INBOX_ID)) {
        throw new MailStoreException(MailStoreException.Reason.CANNOT, "INBOX cannot be deleted");
      }
      return t.without(MailLayout.mailbox(m.id())).without(MailLayout.uids(device, m.id()));
    });
  }

  /**
   * Renames a mailbox and those below it (ids stay, so UIDs stay). Renaming INBOX moves its
   * messages to a new mailbox and leaves INBOX empty (RFC 3501 6.3.5).
   */
  public void rename(String from, String to) throws IOException {
    String target = Mailboxes.canonical(to);
    update("rename " + from + " to " + target, t -> {
      MailboxInfo m = Mailboxes.get(t, from);
      if (Mailboxes.find(t, target).isPresent()) {
        throw new MailStoreException(
            MailStoreException.Reason.ALREADYEXISTS, "mailbox " + target + " already exists");
      }
      if (m.id().equals(Mailboxes.INBOX_ID)) {
        return renameInbox(t, target);
      }
      String prefix = m.name() + "/";
      for (MailboxInfo x : Mailboxes.all(t)) {
        if (x.id().equals(m.id()) || x.name().startsWith(prefix)) {
          String renamed = target + x.name().substring(m.name().length());
          t = Mailboxes.write(t, new MailboxInfo(x.id(), renamed, x.specialUse(), x.subscribed()));
        }
      }
      return t;
    });
  }

  private Tree renameInbox(Tree t, String target) {
    Tree before = t;
    MailboxInfo made = new MailboxInfo(Mailboxes.newId(t, target), target, Optional.empty(), false);
    t = Mailboxes.write(Mailboxes.ensureInbox(t), made);
    List<String> movedOut = new ArrayList<>();
    List<String> movedIn = new ArrayList<>();
    for (String key : t.list(MailLayout.members(Mailboxes.INBOX_ID))) {
      Member mem =
          t.find(MailLayout.member(Mailboxes.INBOX_ID, key), Member.CONTENTS).get();
      if (!mem.expunged()) {
        String k = newKey();
        t = t.with(MailLayout.member(made.id(), k), Member.CONTENTS, mem)
            .with(MailLayout.member(Mailboxes.INBOX_ID, key), Member.CONTENTS, mem.expunge());
        movedOut.add(key);
        movedIn.add(k);
      }
    }
    t = numbering.renumber(before, t, Mailboxes.INBOX_ID, movedOut);
    return numbering.renumber(before, t, made.id(), movedIn);
  }

  /** Subscribes to a mailbox or unsubscribes from it. */
  public void subscribe(String name, boolean subscribed) throws IOException {
    update((subscribed ? "subscribe " : "unsubscribe ") + name, t -> {
      MailboxInfo m = Mailboxes.get(t, name);
      return Mailboxes.write(t, new MailboxInfo(m.id(), m.name(), m.specialUse(), subscribed));
    });
  }

  // ---- messages ----

  /**
   * Appends a message to a mailbox (INBOX is created on demand; any other must exist, else
   * NONEXISTENT): one durable store update. Returns UIDVALIDITY and the new UID.
   */
  public AppendResult append(
      String mailbox, byte[] rfc5322, Set<String> flags, Instant internalDate) throws IOException {
    String hash = Hashes.sha256(rfc5322);
    String key = newKey();
    Member member = new Member(hash, internalDate, rfc5322.length, flags, false);
    AtomicReference<AppendResult> result = new AtomicReference<>();
    update("append to " + mailbox, t -> {
      Tree before = t;
      MailboxInfo m = Mailboxes.get(t, mailbox);
      if (m.id().equals(Mailboxes.INBOX_ID)) {
        t = Mailboxes.ensureInbox(t);
      }
      Path at = MailLayout.message(hash);
      if (!t.hasValue(at)) {
        t = t.with(at, rfc5322);
      }
      t = t.with(MailLayout.member(m.id(), key), Member.CONTENTS, member);
      t = numbering.renumber(before, t, m.id(), List.of(key));
      UidState st = numbering.state(t, m.id()).orElseThrow();
      UidEntry e = UidEntry.decode(t.get(MailLayout.uidEntries(device, m.id()).child(key)));
      result.set(new AppendResult(st.uidValidity(), e.uid()));
      return t;
    });
    return result.get();
  }

  /** The raw bytes of a message by its content key. */
  public Optional<byte[]> message(String hash) {
    Hashes.check(hash);
    return branch.tree().find(MailLayout.message(hash));
  }

  /**
   * A consistent view of a mailbox as this replica numbers it, renumbering first (one store
   * update) if changes merged in by sync are not numbered yet.
   */
  public MailboxSnapshot snapshot(String mailbox) throws IOException {
    return snapshot(Mailboxes.get(branch.tree(), mailbox));
  }

  /**
   * Like {@link #snapshot(String)}, by the mailbox's id, which a rename keeps; NONEXISTENT once
   * the mailbox is deleted.
   */
  public MailboxSnapshot snapshotById(String id) throws IOException {
    return snapshot(MailboxRef.id(id).in(branch.tree()));
  }

  private MailboxSnapshot snapshot(MailboxInfo m) throws IOException {
    return MailboxSnapshot.read(numbered(branch.tree(), m), m, device);
  }

  /**
   * The snapshot of mailbox {@code prev} now, like {@link #snapshotById}, but built from {@code
   * prev}: when nothing of the mailbox changed since it was read, {@code prev} itself; otherwise
   * only the members whose member or UID entry changed (by store diff, so changes made by other
   * sessions and merged in by sync alike) are read. Costs what changed, not the mailbox's size.
   */
  public MailboxSnapshot refresh(MailboxSnapshot prev) throws IOException {
    String id = prev.mailbox().id();
    Tree t = branch.tree();
    Tree old = prev.tree();
    if (t == old || t.id().equals(old.id())) {
      return prev;
    }
    MailboxInfo m = MailboxRef.id(id).in(t);
    t = numbered(t, m);
    Path members = MailLayout.members(id);
    Path uids = MailLayout.uids(device, id);
    if (t.findId(members).equals(old.findId(members))
        && t.findId(uids).equals(old.findId(uids))
        && m.equals(prev.mailbox())) {
      return prev;
    }
    Optional<UidState> st = numbering.state(t, id);
    if (st.isEmpty() || st.get().uidValidity() != prev.uidValidity()) {
      return MailboxSnapshot.read(t, m, device);
    }
    Set<String> keys = new java.util.HashSet<>();
    for (var c : repo.diff(old, t, members)) {
      keys.add(c.path().name());
    }
    for (var c : repo.diff(old, t, MailLayout.uidEntries(device, id))) {
      keys.add(c.path().name());
    }
    return prev.with(t, m, device, keys);
  }

  /** {@code t}, or the tree after numbering {@code m} when changes merged in are not numbered. */
  private Tree numbered(Tree t, MailboxInfo m) throws IOException {
    if (!numbering.isBehind(t, m.id())) {
      return t;
    }
    Commit c = update("number " + m.name(), x -> {
      Tree y = m.id().equals(Mailboxes.INBOX_ID) ? Mailboxes.ensureInbox(x) : x;
      return numbering.renumber(x, y, m.id(), List.of());
    });
    return repo.tree(c);
  }

  /** How a STORE changes flags. */
  public enum FlagChange {
    ADD,
    REMOVE,
    REPLACE
  }

  /** The outcome of a STORE: the messages as they are now, and those it refused (CONDSTORE). */
  public record StoreResult(List<MessageEntry> updated, List<Long> modified) {}

  /**
   * Changes the flags of the members {@code keys} (from a snapshot) of a mailbox; members already
   * expunged are skipped. With {@code unchangedSince}, a message whose MODSEQ is above it is left
   * as it is and listed as modified (RFC 7162 3.1.3).
   */
  public StoreResult store(
      String mailbox,
      Collection<String> keys,
      FlagChange change,
      Set<String> flags,
      OptionalLong unchangedSince)
      throws IOException {
    return store(MailboxRef.named(mailbox), keys, change, flags, unchangedSince);
  }

  /** Like {@link #store(String, Collection, FlagChange, Set, OptionalLong)}. */
  public StoreResult store(
      MailboxRef mailbox,
      Collection<String> keys,
      FlagChange change,
      Set<String> flags,
      OptionalLong unchangedSince)
      throws IOException {
    AtomicReference<StoreResult> result = new AtomicReference<>();
    update("store flags in " + mailbox, t -> {
      Tree before = t;
      MailboxInfo m = mailbox.in(t);
      Path entries = MailLayout.uidEntries(device, m.id());
      List<String> touched = new ArrayList<>();
      List<Long> modified = new ArrayList<>();
      for (String key : keys) {
        Optional<Member> mem =
            t.find(MailLayout.member(m.id(), key), Member.CONTENTS).filter(x -> !x.expunged());
        Optional<UidEntry> e = t.find(entries.child(key)).map(UidEntry::decode);
        if (mem.isEmpty() || e.isEmpty()) {
          continue;
        }
        if (unchangedSince.isPresent() && e.get().modseq() > unchangedSince.getAsLong()) {
          modified.add(e.get().uid());
          continue;
        }
        Set<String> now = new java.util.TreeSet<>(mem.get().flags());
        switch (change) {
          case ADD -> now.addAll(flags);
          case REMOVE -> now.removeAll(flags);
          case REPLACE -> {
            now.clear();
            now.addAll(flags);
          }
        }
        touched.add(key);
        if (!now.equals(mem.get().flags())) {
          t = t.with(MailLayout.member(m.id(), key), Member.CONTENTS, mem.get().withFlags(now));
        }
      }
      t = numbering.renumber(before, t, m.id(), touched);
      List<MessageEntry> updated = new ArrayList<>();
      for (String key : touched) {
        MailboxSnapshot.entry(t, m.id(), device, key).ifPresent(updated::add);
      }
      result.set(new StoreResult(updated, modified));
      return t;
    });
    return result.get();
  }

  /**
   * Expunges the members {@code keys} of a mailbox that still carry {@code \Deleted} (all of them
   * when {@code onlyDeleted} is false). Returns the UIDs expunged, ascending.
   */
  public List<Long> expunge(String mailbox, Collection<String> keys, boolean onlyDeleted)
      throws IOException {
    return expunge(MailboxRef.named(mailbox), keys, onlyDeleted);
  }

  /** Like {@link #expunge(String, Collection, boolean)}. */
  public List<Long> expunge(MailboxRef mailbox, Collection<String> keys, boolean onlyDeleted)
      throws IOException {
    AtomicReference<List<Long>> result = new AtomicReference<>();
    update("expunge in " + mailbox, t -> {
      Tree before = t;
      MailboxInfo m = mailbox.in(t);
      List<Long> uids = new ArrayList<>();
      List<String> touched = new ArrayList<>();
      t = expungeIn(t, m.id(), keys, onlyDeleted, uids, touched);
      result.set(uids);
      return numbering.renumber(before, t, m.id(), touched);
    });
    return result.get();
  }

  private Tree expungeIn(
      Tree t,
      String id,
      Collection<String> keys,
      boolean onlyDeleted,
      List<Long> uids,
      List<String> touched) {
    Path entries = MailLayout.uidEntries(device, id);
    for (String key : keys) {
      Optional<Member> mem =
          t.find(MailLayout.member(id, key), Member.CONTENTS).filter(x -> !x.expunged());
      Optional<UidEntry> e = t.find(entries.child(key)).map(UidEntry::decode);
      if (mem.isEmpty()
          || e.isEmpty()
          || (onlyDeleted && !mem.get().flags().contains("\\Deleted"))) {
        continue;
      }
      t = t.with(MailLayout.member(id, key), Member.CONTENTS, mem.get().expunge());
      uids.add(e.get().uid());
      touched.add(key);
    }
    uids.sort(null);
    return t;
  }

  /**
   * Copies (or moves: copy and expunge in the same update) members of one mailbox to another.
   * The target must exist (NONEXISTENT otherwise). Returns COPYUID data.
   */
  public CopyResult copy(String from, Collection<String> keys, String to, boolean move)
      throws IOException {
    return copy(MailboxRef.named(from), keys, to, move);
  }

  /** Like {@link #copy(String, Collection, String, boolean)}. */
  public CopyResult copy(MailboxRef from, Collection<String> keys, String to, boolean move)
      throws IOException {
    AtomicReference<CopyResult> result = new AtomicReference<>();
    update((move ? "move " : "copy ") + from + " to " + to, t -> {
      Tree before = t;
      MailboxInfo src = from.in(t);
      MailboxInfo dst = Mailboxes.get(t, to);
      if (dst.id().equals(Mailboxes.INBOX_ID)) {
        t = Mailboxes.ensureInbox(t);
      }
      Path entries = MailLayout.uidEntries(device, src.id());
      List<String> sourceKeys = new ArrayList<>();
      List<Long> sourceUids = new ArrayList<>();
      List<String> targetKeys = new ArrayList<>();
      for (String key : keys) {
        Optional<Member> mem =
            t.find(MailLayout.member(src.id(), key), Member.CONTENTS).filter(x -> !x.expunged());
        Optional<UidEntry> e = t.find(entries.child(key)).map(UidEntry::decode);
        if (mem.isEmpty() || e.isEmpty()) {
          continue;
        }
        String k = newKey();
        t = t.with(MailLayout.member(dst.id(), k), Member.CONTENTS, mem.get());
        sourceKeys.add(key);
        sourceUids.add(e.get().uid());
        targetKeys.add(k);
      }
      if (move && !src.id().equals(dst.id())) {
        t = expungeIn(t, src.id(), sourceKeys, false, new ArrayList<>(), new ArrayList<>());
        t = numbering.renumber(before, t, src.id(), sourceKeys);
      }
      t = numbering.renumber(before, t, dst.id(), targetKeys);
      Path dstEntries = MailLayout.uidEntries(device, dst.id());
      List<Long> targetUids = new ArrayList<>();
      for (String k : targetKeys) {
        targetUids.add(UidEntry.decode(t.get(dstEntries.child(k))).uid());
      }
      long validity = numbering.state(t, dst.id()).orElseThrow().uidValidity();
      result.set(new CopyResult(validity, sourceUids, targetUids));
      return t;
    });
    return result.get();
  }

  /**
   * The content keys of messages stored since commit {@code since} (all of them when it is empty
   * or unknown here), and the head commit they were read at: for indexes kept in step with the
   * store.
   */
  public record MessagesSince(Optional<String> head, List<String> added, boolean complete) {}

  public MessagesSince messagesSince(Optional<String> since) {
    Branch.Snapshot snap = branch.snapshot();
    Optional<String> head = snap.head().map(c -> c.id().name());
    List<String> added = new ArrayList<>();
    if (since.isPresent() && head.isPresent()) {
      Optional<Commit> then =
          repo.findCommit(org.eclipse.jgit.lib.ObjectId.fromString(since.get()));
      if (then.isPresent()) {
        for (var change : repo.diff(repo.tree(then.get()), snap.tree(), MailLayout.MESSAGES)) {
          if (change.after().isPresent()) {
            added.add(change.path().name());
          }
        }
        return new MessagesSince(head, added, false);
      }
    }
    for (Path p : snap.tree().paths(MailLayout.MESSAGES)) {
      added.add(p.name());
    }
    return new MessagesSince(head, added, true);
  }

  /**
   * Brings a mailbox back as it was at {@code time}: every message it held then and does not hold
   * now (expunged, moved away, or with the whole mailbox deleted) is put back, with its flags of
   * then, as a new member (so it gets a new UID); messages added since stay. A deleted mailbox is
   * made again with its old name. One store update; returns how many messages came back.
   */
  public int restore(String mailbox, Instant time) throws IOException {
    Tree then = branch
        .asOf(time)
        .orElseThrow(() -> new MailStoreException(
            MailStoreException.Reason.NONEXISTENT, "the store has no history before " + time));
    MailboxInfo old = Mailboxes.find(then, mailbox)
        .orElseThrow(() -> new MailStoreException(
            MailStoreException.Reason.NONEXISTENT,
            "there was no mailbox " + mailbox + " at " + time));
    AtomicReference<Integer> count = new AtomicReference<>(0);
    update("restore " + old.name() + " as of " + time, t -> {
      Tree before = t;
      MailboxInfo now = Mailboxes.find(t, old.name()).orElse(null);
      if (now != null && now.id().equals(Mailboxes.INBOX_ID)) {
        t = Mailboxes.ensureInbox(t);
      }
      if (now == null) {
        String id =
            t.isDirectory(MailLayout.mailbox(old.id())) ? Mailboxes.newId(t, old.name()) : old.id();
        now = new MailboxInfo(id, old.name(), old.specialUse(), old.subscribed());
        t = Mailboxes.write(t, now);
      }
      java.util.Set<String> present = new java.util.HashSet<>();
      for (String key : t.list(MailLayout.members(now.id()))) {
        t.find(MailLayout.member(now.id(), key), Member.CONTENTS)
            .filter(m -> !m.expunged())
            .ifPresent(m -> present.add(m.message()));
      }
      List<String> added = new ArrayList<>();
      for (String key : then.list(MailLayout.members(old.id()))) {
        Optional<Member> m =
            then.find(MailLayout.member(old.id(), key), Member.CONTENTS).filter(x -> !x.expunged());
        if (m.isEmpty() || !present.add(m.get().message())) {
          continue;
        }
        Path bytes = MailLayout.message(m.get().message());
        if (!t.hasValue(bytes)) {
          t = t.with(bytes, then.get(bytes));
        }
        String k = newKey();
        Set<String> flags = new java.util.TreeSet<>(m.get().flags());
        flags.remove("\\Deleted");
        t = t.with(MailLayout.member(now.id(), k), Member.CONTENTS, m.get().withFlags(flags));
        added.add(k);
      }
      count.set(added.size());
      return numbering.renumber(before, t, now.id(), added);
    });
    return count.get();
  }

  /** UIDs expunged from a mailbox with a MODSEQ above {@code modseq} (QRESYNC VANISHED). */
  public List<Long> expungedSince(String mailbox, long modseq) {
    return expungedSince(MailboxRef.named(mailbox), modseq);
  }

  /** Like {@link #expungedSince(String, long)}. */
  public List<Long> expungedSince(MailboxRef mailbox, long modseq) {
    Tree t = branch.tree();
    MailboxInfo m = mailbox.in(t);
    Path x = MailLayout.expunged(device, m.id());
    List<Long> out = new ArrayList<>();
    for (String uid : t.list(x)) {
      long at = Long.parseLong(
          new String(t.get(x.child(uid)), java.nio.charset.StandardCharsets.UTF_8).strip());
      if (at > modseq) {
        out.add(Long.parseLong(uid));
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Calls {@code onChange} after every change to the mail, whether made here or merged in by
   * sync, on the watch's own thread; close the watch to stop.
   */
  public Watch watch(Runnable onChange) {
    return branch.watch(MailLayout.MAIL, e -> onChange.run());
  }

  /**
   * Like {@link #watch}, but only after changes that add or remove message bytes (not flags,
   * numbering or mailboxes): for indexes of the messages' content.
   */
  public Watch watchMessages(Runnable onChange) {
    return branch.watch(MailLayout.MESSAGES, e -> onChange.run());
  }

  // ---- helpers ----

  private Commit update(String what, UnaryOperator<Tree> change) throws IOException {
    try {
      return branch.update(Info.now(device, "mail: " + what), change);
    } catch (StoreIOException e) {
      throw new IOException("the store could not write: " + e.getMessage(), e);
    }
  }

  /** A member key: the time in hex (so keys sort by arrival) and 40 random bits. */
  static String newKey() {
    byte[] r = new byte[5];
    ThreadLocalRandom.current().nextBytes(r);
    return String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(r);
  }
}
