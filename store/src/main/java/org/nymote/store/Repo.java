package org.nymote.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.internal.Backend;
import org.nymote.store.internal.CommitCodec;
import org.nymote.store.internal.Committer;
import org.nymote.store.internal.Committer.Head;
import org.nymote.store.internal.GitDirBackend;
import org.nymote.store.internal.History;
import org.nymote.store.internal.MemBackend;
import org.nymote.store.internal.Node;
import org.nymote.store.internal.TreeMerger;

/**
 * A store: one Git repository of branches, commits and trees, on disk ({@link #open}) or in memory
 * ({@link #inMemory}), with a {@link Schema} that says how values merge. Thread-safe; share one
 * per repository in a process (another process that opens it gets {@link
 * RepositoryLockedException}). Close it to make everything visible to plain Git and release it.
 */
public final class Repo implements AutoCloseable {
  private static final int MAX_BRANCH_NAME = 200;

  /**
   * Background upkeep of an on-disk repository: how often to checkpoint the journal into a pack
   * (null: only on demand and on close), and past how many packs to join them.
   */
  public record Options(Duration checkpointEvery, int compactAfterPacks) {
    public static final Options DEFAULT = new Options(Duration.ofSeconds(1), 24);

    /** No background work: checkpoints and compaction only when asked for (and on close). */
    public static final Options MANUAL = new Options(null, Integer.MAX_VALUE);
  }

  private final Backend backend;
  private final Schema schema;
  private final Map<String, Head> heads = new ConcurrentHashMap<>();
  private final Map<ObjectId, Commit> commitCache = new ConcurrentHashMap<>();
  private final History history = new History(this::getCommit);
  private final List<WatchThread> watches = new CopyOnWriteArrayList<>();
  private final Committer committer;
  private final Thread checkpointer;
  private final Options options;
  private final Object upkeep = new Object();
  private volatile boolean closed;

  private Repo(Backend backend, Schema schema, Options options) {
    this.options = options;
    Duration checkpointEvery = options.checkpointEvery();
    this.backend = backend;
    this.schema = schema;
    backend.heads().forEach((name, id) -> heads.put(name, headOf(id)));
    this.committer = new Committer(backend, schema, heads, this::headOf, this::publish);
    this.checkpointer = checkpointEvery == null
        ? null
        : Thread.ofVirtual().name("nymote-checkpoint").start(() -> checkpointLoop(checkpointEvery));
  }

  /** A repository in memory: for tests and scratch work. */
  public static Repo inMemory(Schema schema) {
    return new Repo(new MemBackend(), schema, Options.MANUAL);
  }

  /** Creates a bare Git repository at {@code dir} and opens it. */
  public static Repo init(java.nio.file.Path dir, Schema schema) {
    return init(dir, schema, Options.DEFAULT);
  }

  /** Creates a bare Git repository at {@code dir} and opens it with these options. */
  public static Repo init(java.nio.file.Path dir, Schema schema, Options options) {
    return new Repo(GitDirBackend.init(dir), schema, options);
  }

  /** Opens the repository at {@code dir}, recovering what a crash left in its journal. */
  public static Repo open(java.nio.file.Path dir, Schema schema) {
    return open(dir, schema, Options.DEFAULT);
  }

  /** Opens the repository at {@code dir} with these options. */
  public static Repo open(java.nio.file.Path dir, Schema schema, Options options) {
    return new Repo(GitDirBackend.open(dir), schema, options);
  }

  /** Opens the repository at {@code dir}, creating it if there is none. */
  public static Repo openOrInit(java.nio.file.Path dir, Schema schema) {
    return java.nio.file.Files.exists(dir.resolve("HEAD")) ? open(dir, schema) : init(dir, schema);
  }

  public Schema schema() {
    return schema;
  }

  /** The directory of an on-disk repository. */
  public Optional<java.nio.file.Path> directory() {
    return backend instanceof GitDirBackend g ? Optional.of(g.directory()) : Optional.empty();
  }

  /** The JGit repository of an on-disk store, for transports; call {@link #checkpoint} first. */
  public Optional<org.eclipse.jgit.lib.Repository> gitRepository() {
    return backend instanceof GitDirBackend g ? Optional.of(g.repository()) : Optional.empty();
  }

  // ---- branches ----

  /** A handle on branch {@code name}, which need not exist yet (its first update creates it). */
  public Branch branch(String name) {
    checkBranchName(name);
    return new Branch(this, name);
  }

  /** The names of the branches that exist, sorted. */
  public List<String> branches() {
    List<String> out = new ArrayList<>(heads.keySet());
    out.sort(null);
    return out;
  }

  /** Checks a branch name by Git's rules for ref names. */
  public static void checkBranchName(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > MAX_BRANCH_NAME
        || !org.eclipse.jgit.lib.Repository.isValidRefName(Constants.R_HEADS + name)) {
      throw new IllegalArgumentException("invalid branch name '" + name + "'");
    }
  }

  Head head(String name) {
    return heads.getOrDefault(name, new Head(null, Tree.empty()));
  }

  // ---- commits and trees ----

  /** The commit with this id, if it exists and is a commit. */
  public Optional<Commit> findCommit(ObjectId id) {
    if (commitCache.containsKey(id)) {
      return Optional.of(commitCache.get(id));
    }
    if (!backend.contains(id)) {
      return Optional.empty();
    }
    try {
      return Optional.of(getCommit(id));
    } catch (CorruptObjectException e) {
      return Optional.empty();
    }
  }

  /** The commit with this id; {@link CorruptObjectException} if it is missing. */
  public Commit getCommit(ObjectId id) {
    Commit c = commitCache.get(id);
    if (c == null) {
      c = CommitCodec.decode(id.copy(), backend.read(id, Constants.OBJ_COMMIT));
      if (commitCache.size() > 200_000) {
        commitCache.clear();
      }
      commitCache.put(c.id(), c);
    }
    return c;
  }

  /** Resolves a branch name or a full commit id. */
  public Optional<Commit> resolve(String rev) {
    if (heads.containsKey(rev)) {
      return Optional.ofNullable(heads.get(rev).commit());
    }
    if (ObjectId.isId(rev)) {
      return findCommit(ObjectId.fromString(rev));
    }
    return Optional.empty();
  }

  /** The tree of a commit. */
  public Tree tree(Commit c) {
    Head h = heads.values().stream()
        .filter(x -> x.commit() != null && x.id().equals(c.id()))
        .findAny()
        .orElse(null);
    return h != null ? h.tree() : Tree.of(Node.stored(c.treeId(), backend));
  }

  /** The tree with this id. */
  public Tree tree(ObjectId treeId) {
    return Tree.of(Node.stored(treeId, backend));
  }

  Head headOf(ObjectId commitId) {
    Commit c = getCommit(commitId);
    return new Head(c, Tree.of(Node.stored(c.treeId(), backend)));
  }

  // ---- history ----

  /** Commits reachable from {@code from}, newest first, at most {@code limit}. */
  public List<Commit> log(ObjectId from, int limit) {
    return history.log(from, limit, c -> true);
  }

  /** Commits reachable from {@code from} that changed what is at {@code path}, newest first. */
  public List<Commit> history(ObjectId from, Path path, int limit) {
    return history.log(from, limit, c -> {
      Optional<ObjectId> now = tree(c).findId(path);
      if (c.parents().isEmpty()) {
        return now.isPresent();
      }
      for (ObjectId p : c.parents()) {
        if (tree(getCommit(p)).findId(path).equals(now)) {
          return false;
        }
      }
      return true;
    });
  }

  /** The changes between two trees under {@code prefix}, in path order. */
  public List<Change> diff(Tree from, Tree to, Path prefix) {
    return History.diff(from.root(), to.root(), prefix);
  }

  /** The changes from commit {@code from} to commit {@code to}, in path order. */
  public List<Change> diff(ObjectId from, ObjectId to) {
    return diff(tree(getCommit(from)), tree(getCommit(to)), Path.ROOT);
  }

  /** Whether {@code ancestor} is {@code of} or in its history. */
  public boolean isAncestor(ObjectId ancestor, ObjectId of) {
    return history.isAncestor(ancestor, of);
  }

  /** The best common ancestors of two commits. */
  public List<ObjectId> mergeBases(ObjectId a, ObjectId b) {
    return history.mergeBases(a, b);
  }

  /**
   * The base tree for merging two commits: the tree of their merge base, or, when there are
   * several, their recursive merge (conflicts there keep the first side, as Git's recursive
   * strategy keeps a conflicted virtual base); empty for unrelated histories.
   */
  public Tree mergeBaseTree(ObjectId a, ObjectId b) {
    List<ObjectId> bases = mergeBases(a, b);
    if (bases.isEmpty()) {
      return Tree.empty();
    }
    Tree acc = tree(getCommit(bases.get(0)));
    ObjectId accId = bases.get(0);
    for (int i = 1; i < bases.size(); i++) {
      ObjectId next = bases.get(i);
      Tree base = mergeBaseTree(accId, next);
      acc = mergeTrees(base, acc, tree(getCommit(next))).tree();
      accId = next;
    }
    return acc;
  }

  /** Merges three trees by the schema; nothing is committed. */
  public MergeResult mergeTrees(Tree base, Tree ours, Tree theirs) {
    TreeMerger m = new TreeMerger(schema);
    Node merged = m.merge(base.root(), ours.root(), theirs.root(), Path.ROOT);
    return new MergeResult(Tree.of(merged), m.conflicts(), Optional.empty());
  }

  // ---- commits, for Branch ----

  Committer.Outcome submit(Committer.Request r) {
    if (closed) {
      throw new StoreException("the repository is closed");
    }
    try {
      return committer.submit(r).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new StoreException("commit failed: " + e.getCause(), e.getCause());
    }
  }

  // ---- watches ----

  Watch watch(String branch, Path prefix, Consumer<WatchEvent> listener) {
    WatchThread w = new WatchThread(this, branch, prefix, listener);
    watches.add(w);
    return () -> {
      watches.remove(w);
      w.close();
    };
  }

  private void publish(List<Committer.Moved> moves) {
    for (Committer.Moved m : moves) {
      for (WatchThread w : watches) {
        w.offer(m);
      }
    }
  }

  // ---- durability and lifetime ----

  /** Makes everything committed visible to plain Git now (packs and refs). */
  public void checkpoint() {
    backend.checkpoint();
  }

  /** Joins the packs of an on-disk repository into one now (the background does it as needed). */
  public void compact() {
    if (backend instanceof GitDirBackend g) {
      g.compact();
    }
  }

  /**
   * Marks a Git transfer into this repository (a fetch, or serving a push) until the returned
   * handle is closed, on the same thread. Received objects sit in a pack that no ref reaches
   * until the branch moves and the next checkpoint; compaction, which keeps only what the refs
   * reach, waits until no transfer is in progress.
   */
  public Transfer beginTransfer() {
    if (backend instanceof GitDirBackend g) {
      Runnable end = g.beginTransfer();
      return end::run;
    }
    return () -> {};
  }

  /** A transfer in progress; see {@link #beginTransfer}. */
  @FunctionalInterface
  public interface Transfer extends AutoCloseable {
    @Override
    void close();
  }

  /** The number of packs of an on-disk repository; 0 in memory. */
  public int packCount() {
    return backend instanceof GitDirBackend g ? g.packCount() : 0;
  }

  private void checkpointLoop(Duration every) {
    while (!closed) {
      try {
        synchronized (upkeep) {
          if (!closed) {
            upkeep.wait(every.toMillis());
          }
        }
        if (!closed) {
          backend.checkpoint();
          if (backend instanceof GitDirBackend g && g.packCount() > options.compactAfterPacks()) {
            g.compactIfIdle(); // else the next round
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Repo.class)
            .warn("background checkpoint failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    committer.close();
    if (checkpointer != null) {
      synchronized (upkeep) {
        upkeep.notifyAll();
      }
      try {
        checkpointer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (WatchThread w : watches) {
      w.close();
    }
    backend.close();
  }
}
