package org.nymote.store.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.Change;
import org.nymote.store.Commit;
import org.nymote.store.Path;

/**
 * Walks over the commit graph and tree diffs. Commits come from a loader (the repository's cache).
 * Stateless apart from the loader; thread-safe if it is.
 */
public final class History {
  private static final Comparator<Commit> NEWEST_FIRST =
      Comparator.comparing((Commit c) -> c.info().time()).reversed().thenComparing(Commit::id);

  private final Function<ObjectId, Commit> commits;

  public History(Function<ObjectId, Commit> commits) {
    this.commits = commits;
  }

  /** Commits reachable from {@code from}, newest first, while {@code keep} says so, at most limit. */
  public List<Commit> log(ObjectId from, int limit, Predicate<Commit> keep) {
    List<Commit> out = new ArrayList<>();
    PriorityQueue<Commit> queue = new PriorityQueue<>(NEWEST_FIRST);
    Set<ObjectId> seen = new HashSet<>();
    queue.add(commits.apply(from));
    seen.add(from);
    while (!queue.isEmpty() && out.size() < limit) {
      Commit c = queue.poll();
      if (keep.test(c)) {
        out.add(c);
      }
      for (ObjectId p : c.parents()) {
        if (seen.add(p)) {
          queue.add(commits.apply(p));
        }
      }
    }
    return out;
  }

  /** Whether {@code ancestor} is {@code of} or reachable from it. */
  public boolean isAncestor(ObjectId ancestor, ObjectId of) {
    return ancestor.equals(of) || paint(ancestor, of).contains(ancestor);
  }

  /**
   * The best common ancestors of two commits: common ancestors that are not ancestors of other
   * common ancestors (as {@code git merge-base --all}). Empty when the histories are unrelated.
   */
  public List<ObjectId> mergeBases(ObjectId a, ObjectId b) {
    if (a.equals(b)) {
      return List.of(a);
    }
    List<ObjectId> found = paint(a, b);
    if (found.size() < 2) {
      return found;
    }
    List<ObjectId> out = new ArrayList<>();
    for (ObjectId c : found) {
      boolean redundant = false;
      for (ObjectId o : found) {
        if (!o.equals(c) && paint(c, o).contains(c)) {
          redundant = true;
          break;
        }
      }
      if (!redundant) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Paints the ancestors of {@code a} and {@code b} newest first until every commit still to visit
   * is below a common ancestor (as git's paint_down_to_common), and returns the common ancestors
   * found that are not below another one found.
   */
  private List<ObjectId> paint(ObjectId a, ObjectId b) {
    final int p1 = 1;
    final int p2 = 2;
    final int stale = 4;
    final int result = 8;
    Map<ObjectId, Integer> flags = new HashMap<>();
    PriorityQueue<Commit> queue = new PriorityQueue<>(NEWEST_FIRST);
    flags.put(a, p1);
    flags.merge(b, p2, (x, y) -> x | y);
    queue.add(commits.apply(a));
    queue.add(commits.apply(b));
    List<ObjectId> found = new ArrayList<>();
    while (queue.stream().anyMatch(c -> (flags.get(c.id()) & stale) == 0)) {
      Commit c = queue.poll();
      int f = flags.get(c.id()) & (p1 | p2 | stale);
      if ((f & (p1 | p2)) == (p1 | p2) && (f & stale) == 0) {
        if ((flags.get(c.id()) & result) == 0) {
          flags.merge(c.id(), result, (x, y) -> x | y);
          found.add(c.id());
        }
        f |= stale;
      }
      for (ObjectId p : c.parents()) {
        int old = flags.getOrDefault(p, 0);
        if ((old & f) == f) {
          continue;
        }
        flags.put(p, old | f);
        queue.add(commits.apply(p));
      }
    }
    List<ObjectId> out = new ArrayList<>();
    for (ObjectId c : found) {
      if ((flags.get(c) & stale) == 0) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The changes from tree {@code a} to tree {@code b} under {@code prefix} (a directory, or a
   * single value), in path order.
   */
  public static List<Change> diff(Node a, Node b, Path prefix) {
    List<Change> out = new ArrayList<>();
    if (prefix.isRoot()) {
      diffNodes(a, b, prefix, out);
    } else {
      Entry ea = descend(a, prefix.parent()).find(prefix.name());
      Entry eb = descend(b, prefix.parent()).find(prefix.name());
      if (ea == null || eb == null || !ea.id().equals(eb.id())) {
        diffEntries(ea, eb, prefix, out);
      }
    }
    out.sort(Comparator.comparing(Change::path));
    return out;
  }

  private static Node descend(Node n, Path prefix) {
    Node at = n;
    for (String s : prefix.segments()) {
      if (!(at.find(s) instanceof Dir d)) {
        return Node.empty();
      }
      at = d.node();
    }
    return at;
  }

  private static void diffNodes(Node a, Node b, Path at, List<Change> out) {
    if (a == b || a.id().equals(b.id())) {
      return;
    }
    if (a.isSplit() && b.isSplit() && a.depth() == b.depth()) {
      for (int i = 0; i < Node.FANOUT; i++) {
        Node sa = a.shard(i);
        Node sb = b.shard(i);
        diffNodes(sa == null ? Node.empty() : sa, sb == null ? Node.empty() : sb, at, out);
      }
      return;
    }
    Set<String> names = new HashSet<>();
    a.forEachUnordered((n, e) -> names.add(n));
    b.forEachUnordered((n, e) -> names.add(n));
    for (String name : names) {
      Entry ea = a.find(name);
      Entry eb = b.find(name);
      if (ea != null && eb != null && ea.id().equals(eb.id())) {
        continue;
      }
      diffEntries(ea, eb, at.child(name), out);
    }
  }

  private static void diffEntries(Entry ea, Entry eb, Path path, List<Change> out) {
    Node da = ea instanceof Dir d ? d.node() : Node.empty();
    Node db = eb instanceof Dir d ? d.node() : Node.empty();
    if (ea instanceof Dir || eb instanceof Dir) {
      diffNodes(da, db, path, out);
    }
    Optional<ObjectId> la = ea instanceof Leaf l ? Optional.of(l.id()) : Optional.empty();
    Optional<ObjectId> lb = eb instanceof Leaf l ? Optional.of(l.id()) : Optional.empty();
    if (!la.equals(lb)) {
      out.add(new Change(path, la, lb));
    }
  }
}
