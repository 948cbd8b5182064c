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

    public boolean recurs() {
      return recurs;
    }
  }

  /** What the index needs of a parsed object. */
  public record Summary(String uid, String type, Span bound, boolean recurs) {}

  /** The resources of a collection at one tree. */
  public record Snapshot<T>(Tree tree, Map<String, Item<T>> items, Map<String, String> byUid) {
    public Optional<String> nameOfUid(String uid) {
      return Optional.ofNullable(byUid.get(uid));
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
    return snapshot(collection, items);
  }

  private Snapshot<T> step(Snapshot<T> old, Tree collection) {
    var items = new HashMap<>(old.items());
    List<Change> changes = History.diff(old.tree().root(), collection.root(), Path.ROOT);
    for (Change c : changes) {
      if (c.path().depth() != 1) {
        continue;
      }
      String name = c.path().name();
      items.remove(name);
      Optional<Entry> e = collection.findEntry(c.path());
      e.ifPresent(entry -> add(items, collection, name, entry));
    }
    return snapshot(collection, items);
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

  private static <T> Snapshot<T> snapshot(Tree tree, Map<String, Item<T>> items) {
    var byUid = new HashMap<String, String>();
    items.forEach((name, item) -> byUid.putIfAbsent(item.uid(), name));
    return new Snapshot<>(tree, Map.copyOf(items), Map.copyOf(byUid));
  }

  /** Forgets every collection, as when the store is closed. */
  public void clear() {
    cache.clear();
  }
}
