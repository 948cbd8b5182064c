package org.nymote.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.nymote.store.Conflict;
import org.nymote.store.Merged;
import org.nymote.store.Path;
import org.nymote.store.Schema;

/**
 * The three-way merge of directories. Equal ids settle a whole subtree (or shard) at once, so the
 * cost follows what differs, not the size of the tree; directories split alike merge shard by
 * shard, flat ones in one pass over their sorted names; values changed on both sides go to the
 * schema; a directory against a value, or a change against a deletion, is a conflict. At a
 * conflicting path the result keeps our side (theirs where ours deleted it), and the conflict
 * carries both. Not thread-safe: one merger per merge.
 */
public final class TreeMerger {
  private final Schema schema;
  private final boolean idempotent;
  private final List<Conflict> conflicts = new ArrayList<>();

  public TreeMerger(Schema schema) {
    this.schema = schema;
    this.idempotent = schema.allIdempotent();
  }

  public List<Conflict> conflicts() {
    return conflicts;
  }

  /** Merges three directories; {@code base} may be null (no common ancestor: empty). */
  public Node merge(Node base, Node ours, Node theirs, Path at) {
    Node b = base == null ? Node.empty() : base;
    if (b.id().equals(ours.id())) {
      return theirs;
    }
    if (b.id().equals(theirs.id()) || ours == theirs) {
      return ours;
    }
    if (idempotent && ours.id().equals(theirs.id())) {
      return ours;
    }
    return mergeNodes(b, ours, theirs, at);
  }

  /** Merges three nodes of one directory at the same shard depth. */
  private Node mergeNodes(Node b, Node ours, Node theirs, Path at) {
    boolean split = ours.isSplit();
    if (split && theirs.isSplit() && b.isSplit()) {
      return mergeShards(b, ours, theirs, at);
    }
    if (!split && !theirs.isSplit() && !b.isSplit()) {
      return mergeFlat(b, ours, theirs, at);
    }
    return mergeMixed(b, ours, theirs, at);
  }

  private Node mergeShards(Node b, Node ours, Node theirs, Path at) {
    int depth = ours.depth();
    Node[] shards = new Node[Node.FANOUT];
    boolean changed = false;
    for (int i = 0; i < Node.FANOUT; i++) {
      Node bs = b.shard(i);
      Node os = ours.shard(i);
      Node ts = theirs.shard(i);
      shards[i] = os;
      if (same(bs, ts) || (idempotent && same(os, ts))) {
        continue;
      }
      changed = true;
      if (same(bs, os)) {
        shards[i] = ts;
        continue;
      }
      Node merged =
          mergeNodes(orEmpty(bs, depth + 1), orEmpty(os, depth + 1), orEmpty(ts, depth + 1), at);
      shards[i] = merged.isEmpty() ? null : merged;
    }
    return changed ? Node.ofShards(depth, shards) : ours;
  }

  private static Node orEmpty(Node n, int depth) {
    return n != null ? n : Node.emptyAt(depth);
  }

  private static boolean same(Node a, Node b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    return a.id().equals(b.id());
  }

  /** One pass over the three sorted name lists. */
  private Node mergeFlat(Node b, Node ours, Node theirs, Path at) {
    String[] bn = b.flatNames();
    String[] on = ours.flatNames();
    String[] tn = theirs.flatNames();
    Entry[] bv = b.flatEntries();
    Entry[] ov = ours.flatEntries();
    Entry[] tv = theirs.flatEntries();
    List<String> names = new ArrayList<>(on.length + 8);
    List<Entry> entries = new ArrayList<>(on.length + 8);
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < bn.length || j < on.length || k < tn.length) {
      String name = min(
          min(i < bn.length ? bn[i] : null, j < on.length ? on[j] : null),
          k < tn.length ? tn[k] : null);
      Entry be = i < bn.length && bn[i].equals(name) ? bv[i++] : null;
      Entry oe = j < on.length && on[j].equals(name) ? ov[j++] : null;
      Entry te = k < tn.length && tn[k].equals(name) ? tv[k++] : null;
      Entry out = mergeName(be, oe, te, at, name);
      if (out != null) {
        names.add(name);
        entries.add(out);
      }
    }
    return Node.of(ours.depth(), names.toArray(new String[0]), entries.toArray(new Entry[0]));
  }

  private static String min(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Layouts differ (one side crossed the split limit): merge name by name over everything. */
  private Node mergeMixed(Node b, Node ours, Node theirs, Path at) {
    TreeSet<String> all = new TreeSet<>();
    ours.forEachUnordered((n, e) -> all.add(n));
    theirs.forEachUnordered((n, e) -> all.add(n));
    b.forEachUnordered((n, e) -> all.add(n));
    List<String> names = new ArrayList<>(all.size());
    List<Entry> entries = new ArrayList<>(all.size());
    for (String name : all) {
      Entry out = mergeName(b.find(name), ours.find(name), theirs.find(name), at, name);
      if (out != null) {
        names.add(name);
        entries.add(out);
      }
    }
    return Node.of(ours.depth(), names.toArray(new String[0]), entries.toArray(new Entry[0]));
  }

  /** The merged entry for one name (null: none). */
  private Entry mergeName(Entry be, Entry oe, Entry te, Path at, String name) {
    if (equal(be, te)) {
      return oe;
    }
    if (equal(be, oe)) {
      return te;
    }
    if (equal(oe, te) && (oe == null || agreeing(oe, at, name))) {
      return oe;
    }
    return mergeEntry(be, oe, te, at.child(name));
  }

  /** Whether two equal sides agree without a merge: always, unless a type says otherwise. */
  private boolean agreeing(Entry e, Path at, String name) {
    if (idempotent) {
      return true;
    }
    return e instanceof Leaf && schema.contentsFor(at.child(name)).idempotent();
  }

  private static boolean equal(Entry a, Entry b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.mode() == b.mode() && a.id().equals(b.id());
  }

  /** Both sides changed the entry differently. Returns the merged entry, or null for none. */
  private Entry mergeEntry(Entry be, Entry oe, Entry te, Path path) {
    if (oe instanceof Dir od && te instanceof Dir td) {
      Node base = be instanceof Dir bd ? bd.node() : Node.empty();
      Node merged = merge(base, od.node(), td.node(), path);
      return merged.isEmpty() ? null : new Dir(merged);
    }
    if (oe instanceof Leaf ol && te instanceof Leaf tl) {
      Supplier<Optional<byte[]>> base =
          () -> be instanceof Leaf bl ? Optional.of(bl.bytesShared()) : Optional.empty();
      return switch (schema.merge(path, base, ol.bytesShared(), tl.bytesShared())) {
        case Merged.Ok<byte[]> ok -> Leaf.of(ok.value());
        case Merged.Conflict<byte[]> c -> conflict(path, c.reason(), be, oe, te);
      };
    }
    if (oe == null || te == null) {
      Entry kept = oe == null ? te : oe;
      if (kept instanceof Dir d && be instanceof Dir bd) {
        // A directory deleted on one side and changed on the other: recurse, so that what was
        // changed is kept and reported path by path, and what was only deleted goes.
        Node o = oe == null ? Node.empty() : d.node();
        Node t = te == null ? Node.empty() : d.node();
        Node merged = merge(bd.node(), o, t, path);
        return merged.isEmpty() ? null : new Dir(merged);
      }
      String reason = (oe == null ? "we deleted" : "they deleted") + " what the other side changed";
      return conflict(path, reason, be, oe, te);
    }
    return conflict(path, "a directory on one side, a value on the other", be, oe, te);
  }

  private Entry conflict(Path path, String reason, Entry be, Entry oe, Entry te) {
    conflicts.add(new Conflict(path, reason, bytes(be), bytes(oe), bytes(te)));
    return oe != null ? oe : te;
  }

  private static Optional<byte[]> bytes(Entry e) {
    return e instanceof Leaf l ? Optional.of(l.bytes()) : Optional.empty();
  }
}
