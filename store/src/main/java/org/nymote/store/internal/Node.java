package org.nymote.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.nymote.store.CorruptObjectException;

/**
 * One Git tree object of a directory: the whole directory while it is small (flat), or one shard of
 * it. A directory of more than {@link #FLAT_MAX} names is split into up to 16 shards by a hex digit
 * of the names' {@link Hashing#shardHash}, stored as subtrees named {@code ~0}..{@code ~f}, and a
 * shard that grows past the limit splits again by the next digit. The layout is a function of the
 * directory's names alone, so equal directories have equal ids on every replica, and a change to
 * one name rewrites a few small trees, never one huge one.
 *
 * <p>Nodes are persistent values: every change returns a new node that shares what did not change.
 * A node read from the store loads its content on first use. Thread-safe.
 */
public final class Node {
  /** The most names a flat tree holds before it is split into shards. */
  public static final int FLAT_MAX = 128;

  /** How many shards a split tree has: one per hex digit of the shard hash. */
  public static final int FANOUT = 16;

  private static final int MAX_SHARD_DEPTH = 15;
  private static final Pattern SHARD = Pattern.compile("~[0-9a-f]");
  private static final String[] SHARD_NAMES = new String[FANOUT];

  static {
    for (int i = 0; i < FANOUT; i++) {
      SHARD_NAMES[i] = "~" + Integer.toHexString(i);
    }
  }

  private static final Node EMPTY = new Node(0, new Flat(new String[0], new Entry[0]));

  private sealed interface Content permits Flat, Split {}

  /** Names sorted by {@link String#compareTo}, with their entries. */
  private record Flat(String[] names, Entry[] entries) implements Content {}

  /** Shards by byte {@code depth} of the shard hash; null where a shard is empty. */
  private record Split(Node[] shards) implements Content {}

  private final int depth;
  private final ObjectSource source;
  private volatile ObjectId id;
  private volatile Content content;
  private volatile boolean stored;
  private volatile int size = -1;
  private volatile byte[] raw;

  private Node(int depth, Content content) {
    this.depth = depth;
    this.content = content;
    this.source = null;
    if (content instanceof Flat f) {
      size = f.names.length;
    }
  }

  private Node(int depth, ObjectId id, ObjectSource source) {
    this.depth = depth;
    this.id = id;
    this.source = source;
    this.stored = true;
  }

  /** The empty directory. */
  public static Node empty() {
    return EMPTY;
  }

  /** An empty shard at {@code depth} (the empty directory at depth 0). */
  public static Node emptyAt(int depth) {
    return depth == 0 ? EMPTY : new Node(depth, new Flat(new String[0], new Entry[0]));
  }

  /** A directory stored as tree {@code id} in {@code source}, loaded when first used. */
  public static Node stored(ObjectId id, ObjectSource source) {
    return new Node(0, id, source);
  }

  // ---- reading ----

  /** The entry for {@code name}, or null. */
  public Entry find(String name) {
    return switch (content()) {
      case Flat f -> {
        int i = Arrays.binarySearch(f.names, name);
        yield i >= 0 ? f.entries[i] : null;
      }
      case Split s -> {
        Node shard = s.shards[shardOf(name, depth)];
        yield shard == null ? null : shard.find(name);
      }
    };
  }

  /** The number of names in this directory (or shard). */
  public int size() {
    int n = size;
    if (n < 0) {
      n = 0;
      if (content() instanceof Split s) {
        for (Node shard : s.shards) {
          n += shard == null ? 0 : shard.size();
        }
      } else {
        n = ((Flat) content()).names.length;
      }
      size = n;
    }
    return n;
  }

  public boolean isEmpty() {
    return size >= 0 ? size == 0 : sizeUpTo(0) == 0;
  }

  /** The number of names, or {@code cap + 1} if there are more than {@code cap}: reads only what it must. */
  int sizeUpTo(int cap) {
    int n = size;
    if (n >= 0) {
      return Math.min(n, cap + 1);
    }
    return switch (content()) {
      case Flat f -> Math.min(f.names.length, cap + 1);
      case Split s -> {
        int sum = 0;
        for (Node shard : s.shards) {
          if (shard != null) {
            sum += shard.sizeUpTo(cap - sum);
            if (sum > cap) {
              yield cap + 1;
            }
          }
        }
        yield sum;
      }
    };
  }

  /** Calls {@code action} for every name, in no particular order. */
  public void forEachUnordered(BiConsumer<String, Entry> action) {
    switch (content()) {
      case Flat f -> {
        for (int i = 0; i < f.names.length; i++) {
          action.accept(f.names[i], f.entries[i]);
        }
      }
      case Split s -> {
        for (Node shard : s.shards) {
          if (shard != null) {
            shard.forEachUnordered(action);
          }
        }
      }
    }
  }

  /** The names, sorted. */
  public List<String> names() {
    List<String> out = new ArrayList<>(size());
    forEachUnordered((n, e) -> out.add(n));
    if (content() instanceof Split) {
      out.sort(null);
    }
    return out;
  }

  /** The names and entries, sorted by name. */
  public List<java.util.Map.Entry<String, Entry>> entries() {
    List<java.util.Map.Entry<String, Entry>> out = new ArrayList<>(size());
    forEachUnordered((n, e) -> out.add(java.util.Map.entry(n, e)));
    if (content() instanceof Split) {
      out.sort(java.util.Map.Entry.comparingByKey());
    }
    return out;
  }

  /** The shard at {@code i} when this node is split; null when flat or the shard is empty. */
  public Node shard(int i) {
    return content() instanceof Split s ? s.shards[i] : null;
  }

  /** Whether this node is split into shards. */
  public boolean isSplit() {
    return content() instanceof Split;
  }

  /** The shard depth of this node: 0 for the top node of a directory. */
  public int depth() {
    return depth;
  }

  /** The id, if it is already known without hashing. */
  public ObjectId knownId() {
    return id;
  }

  // ---- changing ----

  /** This directory with {@code name} set to {@code entry}. */
  public Node with(String name, Entry entry) {
    return switch (content()) {
      case Flat f -> {
        int i = Arrays.binarySearch(f.names, name);
        if (i >= 0) {
          if (f.entries[i].equals(entry)) {
            yield this;
          }
          Entry[] es = f.entries.clone();
          es[i] = entry;
          yield new Node(depth, new Flat(f.names, es));
        }
        int at = -i - 1;
        int n = f.names.length;
        String[] ns = new String[n + 1];
        Entry[] es = new Entry[n + 1];
        System.arraycopy(f.names, 0, ns, 0, at);
        System.arraycopy(f.entries, 0, es, 0, at);
        ns[at] = name;
        es[at] = entry;
        System.arraycopy(f.names, at, ns, at + 1, n - at);
        System.arraycopy(f.entries, at, es, at + 1, n - at);
        yield n + 1 > FLAT_MAX && depth <= MAX_SHARD_DEPTH
            ? split(depth, ns, es)
            : new Node(depth, new Flat(ns, es));
      }
      case Split s -> {
        int b = shardOf(name, depth);
        Node old = s.shards[b];
        Node shard = old == null ? emptyAt(depth + 1) : old;
        boolean existed = old != null && old.find(name) != null;
        Node changed = shard.with(name, entry);
        if (changed == shard) {
          yield this;
        }
        Node[] shards = s.shards.clone();
        shards[b] = changed;
        Node out = new Node(depth, new Split(shards));
        int n = size;
        if (n >= 0) {
          out.size = existed ? n : n + 1;
        }
        yield out;
      }
    };
  }

  /** This directory without {@code name}; itself if the name is absent. */
  public Node without(String name) {
    return switch (content()) {
      case Flat f -> {
        int i = Arrays.binarySearch(f.names, name);
        if (i < 0) {
          yield this;
        }
        int n = f.names.length;
        String[] ns = new String[n - 1];
        Entry[] es = new Entry[n - 1];
        System.arraycopy(f.names, 0, ns, 0, i);
        System.arraycopy(f.entries, 0, es, 0, i);
        System.arraycopy(f.names, i + 1, ns, i, n - i - 1);
        System.arraycopy(f.entries, i + 1, es, i, n - i - 1);
        yield new Node(depth, new Flat(ns, es));
      }
      case Split s -> {
        int b = shardOf(name, depth);
        Node shard = s.shards[b];
        if (shard == null) {
          yield this;
        }
        Node changed = shard.without(name);
        if (changed == shard) {
          yield this;
        }
        Node[] shards = s.shards.clone();
        shards[b] = changed.isEmpty() ? null : changed;
        // Split means more than FLAT_MAX names; one fewer may bring it back to flat. Counting up
        // to the limit reads a few shards, not the whole directory.
        int n = size;
        int before = n >= 0 ? n : sizeUpTo(FLAT_MAX + 1);
        if (before - 1 <= FLAT_MAX) {
          yield flatten(depth, shards);
        }
        Node out = new Node(depth, new Split(shards));
        out.size = n >= 0 ? n - 1 : -1;
        yield out;
      }
    };
  }

  /** A directory (or shard at {@code depth}) holding exactly the given sorted names. */
  public static Node of(int depth, String[] sortedNames, Entry[] entries) {
    if (sortedNames.length > FLAT_MAX && depth <= MAX_SHARD_DEPTH) {
      return split(depth, sortedNames, entries);
    }
    return new Node(depth, new Flat(sortedNames, entries));
  }

  /** A split node at {@code depth} of these shards (null: empty); flat instead if small. */
  public static Node ofShards(int depth, Node[] shards) {
    int total = 0;
    for (Node sh : shards) {
      total += sh == null ? 0 : sh.size();
    }
    if (total <= FLAT_MAX) {
      return flatten(depth, shards);
    }
    Node out = new Node(depth, new Split(shards.clone()));
    out.size = total;
    return out;
  }

  /** The sorted names of a flat node, shared: do not modify. */
  public String[] flatNames() {
    return ((Flat) content()).names;
  }

  /** The entries of a flat node in name order, shared: do not modify. */
  public Entry[] flatEntries() {
    return ((Flat) content()).entries;
  }

  private static Node split(int depth, String[] names, Entry[] entries) {
    int[] counts = new int[FANOUT];
    int[] shardOf = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      shardOf[i] = shardOf(names[i], depth);
      counts[shardOf[i]]++;
    }
    String[][] ns = new String[FANOUT][];
    Entry[][] es = new Entry[FANOUT][];
    int[] fill = new int[FANOUT];
    for (int b = 0; b < FANOUT; b++) {
      ns[b] = new String[counts[b]];
      es[b] = new Entry[counts[b]];
    }
    for (int i = 0; i < names.length; i++) {
      int b = shardOf[i];
      ns[b][fill[b]] = names[i];
      es[b][fill[b]++] = entries[i];
    }
    Node[] shards = new Node[FANOUT];
    for (int b = 0; b < FANOUT; b++) {
      shards[b] = counts[b] == 0 ? null : of(depth + 1, ns[b], es[b]);
    }
    Node out = new Node(depth, new Split(shards));
    out.size = names.length;
    return out;
  }

  private static Node flatten(int depth, Node[] shards) {
    List<java.util.Map.Entry<String, Entry>> all = new ArrayList<>();
    for (Node s : shards) {
      if (s != null) {
        s.forEachUnordered((n, e) -> all.add(java.util.Map.entry(n, e)));
      }
    }
    all.sort(java.util.Map.Entry.comparingByKey());
    String[] ns = new String[all.size()];
    Entry[] es = new Entry[all.size()];
    for (int i = 0; i < ns.length; i++) {
      ns[i] = all.get(i).getKey();
      es[i] = all.get(i).getValue();
    }
    return new Node(depth, new Flat(ns, es));
  }

  /** The shard that {@code name} falls in at {@code depth}. */
  public static int shardOf(String name, int depth) {
    return (int) ((Hashing.shardHash(name) >>> (4 * depth)) & 0xf);
  }

  // ---- Git form ----

  /** The Git tree id, hashing this node and any new nodes below it. */
  public ObjectId id() {
    ObjectId i = id;
    if (i == null) {
      byte[] r = format();
      raw = r;
      i = Hashing.id(Constants.OBJ_TREE, r);
      id = i;
    }
    return i;
  }

  /** Whether this node (and so everything below it) is already in the store. */
  public boolean isStored() {
    return stored;
  }

  /**
   * Hands every object of this tree that is neither stored nor in {@code seen} to {@code out},
   * adding their ids to {@code seen}.
   */
  public void collect(java.util.Set<ObjectId> seen, Consumer<RawObject> out) {
    if (stored || !seen.add(id())) {
      return;
    }
    switch (content) {
      case Flat f -> {
        for (Entry e : f.entries) {
          switch (e) {
            case Leaf l -> l.collect(seen, out);
            case Dir d -> d.node().collect(seen, out);
          }
        }
      }
      case Split s -> {
        for (Node shard : s.shards) {
          if (shard != null) {
            shard.collect(seen, out);
          }
        }
      }
    }
    ObjectId i = id();
    byte[] r = raw;
    out.accept(new RawObject(Constants.OBJ_TREE, i, r != null ? r : format()));
  }

  /** Records that this tree and everything below it is in {@code source}. */
  public void markStored(ObjectSource src) {
    if (stored) {
      return;
    }
    switch (content) {
      case Flat f -> {
        for (Entry e : f.entries) {
          switch (e) {
            case Leaf l -> l.markStored(src);
            case Dir d -> d.node().markStored(src);
          }
        }
      }
      case Split s -> {
        for (Node shard : s.shards) {
          if (shard != null) {
            shard.markStored(src);
          }
        }
      }
    }
    stored = true;
    raw = null;
  }

  private byte[] format() {
    return switch (content()) {
      case Flat f -> formatFlat(f);
      case Split s -> {
        TreeFormatter fmt = new TreeFormatter(FANOUT * 30);
        for (int b = 0; b < FANOUT; b++) {
          if (s.shards[b] != null) {
            fmt.append(SHARD_NAMES[b], FileMode.TREE, s.shards[b].id());
          }
        }
        yield fmt.toByteArray();
      }
    };
  }

  private static byte[] formatFlat(Flat f) {
    int n = f.names.length;
    byte[][] raw = new byte[n][];
    boolean hasDir = false;
    int bytes = 0;
    for (int i = 0; i < n; i++) {
      raw[i] = f.names[i].getBytes(StandardCharsets.UTF_8);
      hasDir |= f.entries[i] instanceof Dir;
      bytes += raw[i].length + 28;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Git sorts by the UTF-8 bytes of names, a directory's name compared as if it ended in '/'.
    boolean sorted = !hasDir;
    for (int i = 1; sorted && i < n; i++) {
      sorted = Arrays.compareUnsigned(raw[i - 1], raw[i]) < 0;
    }
    if (!sorted) {
      Arrays.sort(
          order,
          (a, b) ->
              gitCompare(raw[a], f.entries[a] instanceof Dir, raw[b], f.entries[b] instanceof Dir));
    }
    TreeFormatter fmt = new TreeFormatter(bytes);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      Entry e = f.entries[i];
      fmt.append(raw[i], 0, raw[i].length, FileMode.fromBits(e.mode()), e.id());
    }
    return fmt.toByteArray();
  }

  private static int gitCompare(byte[] a, boolean aDir, byte[] b, boolean bDir) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = (a[i] & 0xff) - (b[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    int ca = a.length > n ? a[n] & 0xff : (aDir ? '/' : 0);
    int cb = b.length > n ? b[n] & 0xff : (bDir ? '/' : 0);
    return ca - cb;
  }

  private Content content() {
    Content c = content;
    if (c == null) {
      c = load();
      content = c;
    }
    return c;
  }

  private Content load() {
    byte[] raw = source.read(id, Constants.OBJ_TREE);
    CanonicalTreeParser p = new CanonicalTreeParser();
    p.reset(raw);
    List<String> names = new ArrayList<>();
    List<ObjectId> ids = new ArrayList<>();
    List<Integer> modes = new ArrayList<>();
    boolean shards = false;
    while (!p.eof()) {
      String name = p.getEntryPathString();
      int mode = p.getEntryRawMode();
      if (FileMode.GITLINK.equals(mode)) {
        throw new CorruptObjectException("tree " + id.name() + " holds a submodule at " + name);
      }
      shards |= FileMode.TREE.equals(mode) && SHARD.matcher(name).matches();
      names.add(name);
      ids.add(p.getEntryObjectId());
      modes.add(mode);
      p.next();
    }
    if (shards) {
      Node[] split = new Node[FANOUT];
      for (int i = 0; i < names.size(); i++) {
        if (!FileMode.TREE.equals(modes.get(i).intValue())
            || !SHARD.matcher(names.get(i)).matches()) {
          throw new CorruptObjectException(
              "tree " + id.name() + " mixes shards and names (" + names.get(i) + ")");
        }
        split[Character.digit(names.get(i).charAt(1), 16)] =
            new Node(depth + 1, ids.get(i), source);
      }
      return new Split(split);
    }
    String[] ns = names.toArray(new String[0]);
    Entry[] es = new Entry[ns.length];
    for (int i = 0; i < es.length; i++) {
      // A directory below is its own top node: depth 0.
      es[i] = FileMode.TREE.equals(modes.get(i).intValue())
          ? new Dir(new Node(0, ids.get(i), source))
          : Leaf.stored(ids.get(i), modes.get(i), source);
    }
    sortByName(ns, es);
    size = ns.length;
    return new Flat(ns, es);
  }

  private static void sortByName(String[] ns, Entry[] es) {
    for (int i = 1; i < ns.length; i++) {
      if (ns[i - 1].compareTo(ns[i]) >= 0) {
        Integer[] order = new Integer[ns.length];
        for (int k = 0; k < order.length; k++) {
          order[k] = k;
        }
        Arrays.sort(order, (a, b) -> ns[a].compareTo(ns[b]));
        String[] n2 = new String[ns.length];
        Entry[] e2 = new Entry[ns.length];
        for (int k = 0; k < order.length; k++) {
          n2[k] = ns[order[k]];
          e2[k] = es[order[k]];
        }
        System.arraycopy(n2, 0, ns, 0, ns.length);
        System.arraycopy(e2, 0, es, 0, es.length);
        return;
      }
    }
  }
}
