package org.nymote.dav.collection;

import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.dav.ical.Span;
import org.nymote.store.Change;
import org.nymote.store.Path;
import org.nymote.store.Tree;
import org.nymote.store.internal.Dir;
import org.nymote.store.internal.Entry;
import org.nymote.store.internal.History;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.TreePSet;

/**
 * What queries need of each resource of a collection, kept in memory: its blob id, UID, type and
 * the span of time that holds its instances, with the parsed object held softly. Built on the
 * first query from the collection's tree, then kept in step lazily: when a query finds the
 * collection's tree id changed, it applies the tree diff from the tree it last saw, so the cost of
 * catching up grows with the changes, not with the collection (and changes that arrive by sync are
 * picked up the same way). Thread-safe.
 *
 * @param <T> the parsed object
 */
public final class CollectionIndex<T> {
  /** What the index keeps of one resource. */
  public static final class Item<T> {
    private final ObjectId blob;
    private final String uid;
    private final String type;
    private final Span bound;
    private final boolean recurs;
    private volatile SoftReference<T> parsed;

    Item(ObjectId blob, String uid, String type, Span bound, boolean recurs, T parsed) {
      this.blob = blob;
      this.uid = uid;
      this.type = type;
      this.bound = bound;
      this.recurs = recurs;
      this.parsed = new SoftReference<>(parsed);
    }

    public ObjectId blob() {
      return blob;
    }

    public String uid() {
      return uid;
    }

    public String type() {
      return type;
    }

    public Span bound() {
      return bound;
    }

    /** Whether the bound is not exact: the object must be expanded to test a time range. */
    public boolean recurs() {
      return recurs;
    }
  }

  /** What the index needs of a parsed object. */
  public record Summary(String uid, String type, Span bound, boolean recurs) {}

  /**
   * The resources of a collection at one tree, with their {@link TimeIndex} made on the first
   * time-range query (from the previous snapshot's, by the same diff, when that one had it). Its
   * maps are persistent: a snapshot shares with the one before it all but what changed, so a step
   * costs what changed (a write into a collection of 10,000 checks its UID against a fresh
   * snapshot; copying whole maps there made each write cost the collection's size).
   */
  public static final class Snapshot<T> {
    private final Tree tree;
    private final PMap<String, Item<T>> items;
    private final PMap<String, TreePSet<String>> byUid;
    private Snapshot<T> previous; // guarded by this; null once the time index is made
    private java.util.Set<String> removed;
    private Map<String, Item<T>> added;
    private volatile TimeIndex time;

    Snapshot(
        Tree tree,
        PMap<String, Item<T>> items,
        PMap<String, TreePSet<String>> byUid,
        Snapshot<T> previous,
        java.util.Set<String> removed,
        Map<String, Item<T>> added) {
      this.tree = tree;
      this.items = items;
      this.byUid = byUid;
      this.previous = previous;
      this.removed = removed;
      this.added = added;
    }

    public Tree tree() {
      return tree;
    }

    public Map<String, Item<T>> items() {
      return items;
    }

    /** The resource with this UID (the first by name, if a merge left several). */
    public Optional<String> nameOfUid(String uid) {
      TreePSet<String> names = byUid.get(uid);
      return names == null ? Optional.empty() : Optional.of(names.first());
    }

    /**
     * The resources whose span overlaps {@code range}, by RFC 4791 §9.9 as {@link Span#overlaps}
     * says, found through the time index: exactly those a scan of every item would find.
     */
    public List<Map.Entry<String, Item<T>>> overlapping(Span range) {
      List<String> candidates = timeIndex().candidates(range);
      List<Map.Entry<String, Item<T>>> out = new java.util.ArrayList<>(candidates.size());
      for (String name : candidates) {
        Item<T> item = items.get(name);
        if (item.bound().overlaps(range)) {
          out.add(Map.entry(name, item));
        }
      }
      return out;
    }

    private TimeIndex timeIndex() {
      TimeIndex t = time;
      if (t == null) {
        synchronized (this) {
          t = time;
          if (t == null) {
            Snapshot<T> p = previous;
            t = p != null && p.time != null ? p.time.with(removed, added) : TimeIndex.of(items);
            time = t;
            previous = null;
            removed = null;
            added = null;
          }
        }
      }
      return t;
    }
  }

  private final Function<byte[], T> parse;
  private final Function<T, Summary> summary;
  private final Map<String, Snapshot<T>> cache = new ConcurrentHashMap<>();

  public CollectionIndex(Function<byte[], T> parse, Function<T, Summary> summary) {
    this.parse = parse;
    this.summary = summary;
  }

  /** The parsed object of an item, parsed again if memory was short. */
  public T parsed(Snapshot<T> s, String name) {
    Item<T> item = s.items().get(name);
    T t = item.parsed.get();
    if (t == null) {
      t = parse.apply(s.tree().get(Path.of(name)));
      item.parsed = new SoftReference<>(t);
    }
    return t;
  }

  /** The index of the collection whose tree is {@code collection}, under {@code key}. */
  public Snapshot<T> at(String key, Tree collection) {
    Snapshot<T> old = cache.get(key);
    if (old != null && old.tree().id().equals(collection.id())) {
      return old;
    }
    Snapshot<T> next = old == null ? build(collection) : step(old, collection);
    cache.put(key, next);
    return next;
  }

  private Snapshot<T> build(Tree collection) {
    var items = new HashMap<String, Item<T>>();
    if (collection.findEntry(Path.ROOT).orElseThrow() instanceof Dir d) {
      for (var e : d.node().entries()) {
        add(items, collection, e.getKey(), e.getValue());
      }
    }
    PMap<String, TreePSet<String>> uids = HashTreePMap.empty();
    for (var e : items.entrySet()) {
      uids = withUid(uids, e.getValue().uid(), e.getKey());
    }
    return new Snapshot<>(
        collection, HashTreePMap.from(items), uids, null, java.util.Set.of(), Map.of());
  }

  private Snapshot<T> step(Snapshot<T> old, Tree collection) {
    PMap<String, Item<T>> items = old.items;
    PMap<String, TreePSet<String>> uids = old.byUid;
    var removed = new java.util.HashSet<String>();
    var added = new HashMap<String, Item<T>>();
    List<Change> changes = History.diff(old.tree().root(), collection.root(), Path.ROOT);
    for (Change c : changes) {
      if (c.path().depth() != 1) {
        continue;
      }
      String name = c.path().name();
      Item<T> gone = items.get(name);
      if (gone != null) {
        items = items.minus(name);
        uids = withoutUid(uids, gone.uid(), name);
        removed.add(name);
      }
      added.remove(name);
      Optional<Entry> e = collection.findEntry(c.path());
      e.ifPresent(entry -> add(added, collection, name, entry));
    }
    for (var a : added.entrySet()) { // each name here was taken out of the maps above
      items = items.plus(a.getKey(), a.getValue());
      uids = withUid(uids, a.getValue().uid(), a.getKey());
    }
    // the previous snapshot is kept (only until this one has its time index) if it has one
    return new Snapshot<>(
        collection, items, uids, old.time != null ? old : null, removed, Map.copyOf(added));
  }

  private static PMap<String, TreePSet<String>> withUid(
      PMap<String, TreePSet<String>> uids, String uid, String name) {
    TreePSet<String> names = uids.get(uid);
    return uids.plus(uid, names == null ? TreePSet.singleton(name) : names.plus(name));
  }

  private static PMap<String, TreePSet<String>> withoutUid(
      PMap<String, TreePSet<String>> uids, String uid, String name) {
    TreePSet<String> names = uids.get(uid);
    if (names == null) {
      return uids;
    }
    TreePSet<String> left = names.minus(name);
    return left.isEmpty() ? uids.minus(uid) : uids.plus(uid, left);
  }

  private void add(Map<String, Item<T>> items, Tree collection, String name, Entry entry) {
    if (name.startsWith(".") || entry instanceof Dir) {
      return;
    }
    T t;
    try {
      t = parse.apply(collection.get(Path.of(name)));
    } catch (RuntimeException e) {
      return; // not a valid object (a merge kept something odd): served, never matched
    }
    Summary s = summary.apply(t);
    items.put(name, new Item<>(entry.id(), s.uid(), s.type(), s.bound(), s.recurs(), t));
  }

  /** Forgets every collection, as when the store is closed. */
  public void clear() {
    cache.clear();
  }
}
