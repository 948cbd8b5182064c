package org.nymote.store.internal;

import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Conflict;
import org.nymote.store.Path;
import org.nymote.store.Tree;

/**
 * Settles a merge's conflicts so that nothing is lost and every replica settles them alike, as a
 * sync must: of two values, the one with the greater blob id stays at the path and the other moves
 * beside it as {@code name.conflict-<id>}; a directory against a value keeps the directory and
 * moves the value beside it; a change against a deletion keeps the change. The outcome depends
 * only on the two sides, not on which of them is ours.
 */
public final class KeepBoth {
  private KeepBoth() {}

  /** The merged tree with each conflict settled. */
  public static Tree settle(Tree merged, Tree ours, Tree theirs, List<Conflict> conflicts) {
    Tree out = merged;
    for (Conflict c : conflicts) {
      Path p = c.path();
      Optional<Entry> oe = ours.findEntry(p);
      Optional<Entry> te = theirs.findEntry(p);
      if (oe.isEmpty() || te.isEmpty()) {
        continue; // a change against a deletion: the merge kept the change
      }
      Entry o = oe.get();
      Entry t = te.get();
      if (o instanceof Leaf ol && t instanceof Leaf tl) {
        boolean oursWins = ol.id().compareTo(tl.id()) > 0;
        Leaf win = oursWins ? ol : tl;
        Leaf lose = oursWins ? tl : ol;
        out = out.withEntry(p, win).withEntry(sibling(p, lose.id()), lose);
      } else if (o instanceof Dir od && t instanceof Leaf tl) {
        out = out.withEntry(p, od).withEntry(sibling(p, tl.id()), tl);
      } else if (o instanceof Leaf ol && t instanceof Dir td) {
        out = out.withEntry(p, td).withEntry(sibling(p, ol.id()), ol);
      }
    }
    return out;
  }

  private static Path sibling(Path p, ObjectId id) {
    String suffix = ".conflict-" + id.abbreviate(10).name();
    String name = p.name();
    while (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + suffix.length()
        > Path.MAX_SEGMENT_BYTES) {
      name = name.substring(0, name.length() - 1);
    }
    return p.parent().child(name + suffix);
  }
}
