package org.nymote.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.internal.Dir;
import org.nymote.store.internal.Entry;
import org.nymote.store.internal.Leaf;
import org.nymote.store.internal.Node;

/**
 * An immutable, persistent tree of {@link Path} to values (byte arrays) with structural sharing:
 * {@code with} and {@code without} return a new tree that shares every unchanged directory with
 * this one. Directories exist while they hold something: removing the last value of a directory
 * removes it. Trees read from a repository load their directories lazily. Thread-safe.
 */
public final class Tree {
  private static final Tree EMPTY = new Tree(Node.empty());

  private final Node root;

  Tree(Node root) {
    this.root = root;
  }

  /** The empty tree. */
  public static Tree empty() {
    return EMPTY;
  }

  /** The root node, for the store's internals. */
  public Node root() {
    return root;
  }

  /** Wraps a root node; for the store's internals. */
  public static Tree of(Node root) {
    return root == EMPTY.root ? EMPTY : new Tree(root);
  }

  /** The Git id of this tree (hashing any new directories, writing nothing). */
  public ObjectId id() {
    return root.id();
  }

  public boolean isEmpty() {
    return root.isEmpty();
  }

  // ---- reading ----

  /** The value at {@code path}, if there is a value (not a directory) there. */
  public Optional<byte[]> find(Path path) {
    return findEntry(path)
        .flatMap(e -> e instanceof Leaf l ? Optional.of(l.bytes()) : Optional.empty());
  }

  /** The value at {@code path}; throws {@link java.util.NoSuchElementException} if none. */
  public byte[] get(Path path) {
    return find(path)
        .orElseThrow(() -> new java.util.NoSuchElementException("no value at " + path));
  }

  /** The value at {@code path} decoded by {@code contents}. */
  public <T> Optional<T> find(Path path, Contents<T> contents) {
    return findEntry(path)
        .flatMap(e ->
            e instanceof Leaf l ? Optional.of(contents.decode(l.bytesShared())) : Optional.empty());
  }

  /** The Git id of what is at {@code path}: a blob id for a value, a tree id for a directory. */
  public Optional<ObjectId> findId(Path path) {
    return findEntry(path).map(Entry::id);
  }

  /** Whether a value (not a directory) is at {@code path}. */
  public boolean hasValue(Path path) {
    return findEntry(path).filter(e -> e instanceof Leaf).isPresent();
  }

  /** Whether a directory is at {@code path}; the root always is. */
  public boolean isDirectory(Path path) {
    return path.isRoot() || findEntry(path).filter(e -> e instanceof Dir).isPresent();
  }

  /** The names directly under {@code path}, sorted; empty if it is not a directory. */
  public List<String> list(Path path) {
    return findNode(path).map(Node::names).orElse(List.of());
  }

  /** The subtree at {@code path}; the empty tree if there is no directory there. */
  public Tree subtree(Path path) {
    return findNode(path).map(Tree::of).orElse(EMPTY);
  }

  /** Calls {@code action} for every value under {@code prefix}, in path order. */
  public void walk(Path prefix, BiConsumer<Path, byte[]> action) {
    Optional<Entry> e = prefix.isRoot() ? Optional.of(new Dir(root)) : findEntry(prefix);
    e.ifPresent(x -> walk(prefix, x, action));
  }

  /** Every value path under {@code prefix}, in order. */
  public List<Path> paths(Path prefix) {
    List<Path> out = new ArrayList<>();
    Optional<Entry> e = prefix.isRoot() ? Optional.of(new Dir(root)) : findEntry(prefix);
    e.ifPresent(x -> collectPaths(prefix, x, out));
    return out;
  }

  private static void walk(Path at, Entry e, BiConsumer<Path, byte[]> action) {
    switch (e) {
      case Leaf l -> action.accept(at, l.bytes());
      case Dir d -> {
        for (var kv : d.node().entries()) {
          walk(at.child(kv.getKey()), kv.getValue(), action);
        }
      }
    }
  }

  private static void collectPaths(Path at, Entry e, List<Path> out) {
    switch (e) {
      case Leaf l -> out.add(at);
      case Dir d -> {
        for (var kv : d.node().entries()) {
          collectPaths(at.child(kv.getKey()), kv.getValue(), out);
        }
      }
    }
  }

  /** The entry at {@code path}; for the store's internals. */
  public Optional<Entry> findEntry(Path path) {
    if (path.isRoot()) {
      return Optional.of(new Dir(root));
    }
    Node n = root;
    for (int i = 0; i < path.depth() - 1; i++) {
      if (!(n.find(path.segment(i)) instanceof Dir d)) {
        return Optional.empty();
      }
      n = d.node();
    }
    return Optional.ofNullable(n.find(path.name()));
  }

  private Optional<Node> findNode(Path path) {
    return findEntry(path)
        .flatMap(e -> e instanceof Dir d ? Optional.of(d.node()) : Optional.empty());
  }

  // ---- changing ----

  /** This tree with {@code value} at {@code path}, replacing a value or directory there. */
  public Tree with(Path path, byte[] value) {
    if (path.isRoot()) {
      throw new InvalidPathException("/", "the root holds directories, not a value");
    }
    return withEntry(path, Leaf.of(value));
  }

  /** This tree with {@code value} encoded by {@code contents} at {@code path}. */
  public <T> Tree with(Path path, Contents<T> contents, T value) {
    return with(path, contents.encode(value));
  }

  /** This tree with the value or directory at {@code path} removed. */
  public Tree without(Path path) {
    if (path.isRoot()) {
      return EMPTY;
    }
    Node changed = without(root, path, 0);
    return changed == root ? this : of(changed);
  }

  /** This tree with {@code subtree} (an empty one removes) placed at {@code path}. */
  public Tree withTree(Path path, Tree subtree) {
    if (path.isRoot()) {
      return subtree;
    }
    if (subtree.isEmpty()) {
      return without(path);
    }
    return withEntry(path, new Dir(subtree.root));
  }

  /** For the store's internals: sets an entry, creating directories on the way. */
  public Tree withEntry(Path path, Entry entry) {
    Node changed = with(root, path, 0, entry);
    return changed == root ? this : of(changed);
  }

  private static Node with(Node n, Path path, int i, Entry entry) {
    String name = path.segment(i);
    if (i == path.depth() - 1) {
      return n.with(name, entry);
    }
    Node child = n.find(name) instanceof Dir d ? d.node() : Node.empty();
    Node changed = with(child, path, i + 1, entry);
    return changed == child ? n : n.with(name, new Dir(changed));
  }

  private static Node without(Node n, Path path, int i) {
    String name = path.segment(i);
    if (i == path.depth() - 1) {
      return n.without(name);
    }
    if (!(n.find(name) instanceof Dir d)) {
      return n;
    }
    Node changed = without(d.node(), path, i + 1);
    if (changed == d.node()) {
      return n;
    }
    return changed.isEmpty() ? n.without(name) : n.with(name, new Dir(changed));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tree t && (t.root == root || t.id().equals(id()));
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return "Tree[" + id().name() + "]";
  }
}
