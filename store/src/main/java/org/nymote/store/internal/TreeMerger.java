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
 * cost follows what differs, not the size of the tree; values changed on both sides go to the
 * schema; a directory against a value, or a change against a deletion, is a conflict. At a
 * conflicting path the result keeps our side (theirs where ours deleted it), and the conflict
 * carries both. Not thread-safe: one merger per merge.
 */
public final class TreeMerger {
  private final Schema schema;
  private final List<Conflict> conflicts = new ArrayList<>();

  public TreeMerger(Schema schema) {
    this.schema = schema;
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
    if (ours.id().equals(theirs.id()) && schema.allIdempotent()) {
      return ours;
    }
    if (ours.isSplit() && theirs.isSplit() && b.isSplit() && ours.depth() == b.depth()) {
      return mergeShards(b, ours, theirs, at);
    }
    return mergeEntries(b, ours, theirs, at);
  }

  private Node mergeShards(Node b, Node ours, Node theirs, Path at) {
    // All three are split by the same byte: merge shard by shard, then rebuild the directory
    // from the merged shards (which also re-normalises if the merged size crossed the limit).
    Node result = ours;
    for (int i = 0; i < 256; i++) {
      Node bs = b.shard(i);
      Node os = ours.shard(i);
      Node ts = theirs.shard(i);
      if (same(bs, ts) || (same(os, ts) && schema.allIdempotent())) {
        continue;
      }
      Node base = bs == null ? Node.empty() : bs;
      Node o = os == null ? Node.empty() : os;
      Node t = ts == null ? Node.empty() : ts;
      Node merged = same(bs, os) ? t : mergeEntries(base, o, t, at);
      result = replaceShard(result, o, merged);
    }
    return result;
  }

  private static Node replaceShard(Node dir, Node oldShard, Node newShard) {
    Node out = dir;
    for (String n : oldShard.names()) {
      if (newShard.find(n) == null) {
        out = out.without(n);
      }
    }
    for (var e : newShard.entries()) {
      if (!e.getValue().equals(oldShard.find(e.getKey()))) {
        out = out.with(e.getKey(), e.getValue());
      }
    }
    return out;
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

  private Node mergeEntries(Node b, Node ours, Node theirs, Path at) {
    TreeSet<String> names = new TreeSet<>();
    ours.forEachUnordered((n, e) -> names.add(n));
    theirs.forEachUnordered((n, e) -> names.add(n));
    b.forEachUnordered((n, e) -> names.add(n));
    Node result = ours;
    for (String name : names) {
      Entry be = b.find(name);
      Entry oe = ours.find(name);
      Entry te = theirs.find(name);
      if (equal(be, te)) {
        continue;
      }
      if (equal(be, oe)) {
        result = te == null ? result.without(name) : result.with(name, te);
        continue;
      }
      if (equal(oe, te)
          && (oe == null || oe instanceof Dir
              ? schema.allIdempotent()
              : schema.contentsFor(at.child(name)).idempotent())) {
        continue;
      }
      Entry merged = mergeEntry(be, oe, te, at.child(name));
      result = merged == null ? result.without(name) : result.with(name, merged);
    }
    return result;
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
