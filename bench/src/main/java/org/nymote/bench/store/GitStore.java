package org.nymote.bench.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The baseline: a bare repository used through JGit plainly. Every measured write goes through
 * the repository's own inserter (one loose file per object, each fsynced: {@code
 * core.fsyncObjectFiles}), one {@code flush()} and one {@link RefUpdate} (fsynced: {@code
 * core.fsyncRefFiles}). Its branch {@code main} starts with every key at version 0 in the sharded
 * layout of {@link Keys#gitPath}; that starting state is written as one pack, as after {@code git
 * gc}, because it is set-up, not measured. Closing it deletes the directory. Thread-safe for
 * reads and for concurrent {@link #commitOne} calls, which race on the ref and retry.
 */
final class GitStore implements AutoCloseable {
  static final String MAIN = Constants.R_HEADS + "main";
  private static final int MAX_ATTEMPTS = 100_000;

  private final Path dir;
  private final FileRepository repo;
  private final Keys keys;

  private GitStore(Path dir, FileRepository repo, Keys keys) {
    this.dir = dir;
    this.repo = repo;
    this.keys = keys;
  }

  /** A store as the benchmarks measure it: every object and ref fsynced. */
  static GitStore create(Keys keys) throws IOException {
    return create(keys, true);
  }

  /** A store that fsyncs its loose objects and refs or not; tests check content, not durability. */
  static GitStore create(Keys keys, boolean fsync) throws IOException {
    Path dir = TempDirs.create("jgit-bench-");
    FileRepository repo = new FileRepository(dir.resolve("repo").toFile());
    repo.create(true);
    StoredConfig c = repo.getConfig();
    c.setBoolean("core", null, "fsyncObjectFiles", fsync);
    c.setBoolean("core", null, "fsyncRefFiles", fsync);
    c.setString("gc", null, "auto", "0");
    c.save();
    GitStore s = new GitStore(dir, repo, keys);
    ObjectId base;
    try (ObjectInserter ins = repo.getObjectDatabase().newPackInserter()) {
      base = s.writeCommit(ins, i -> Keys.value(i, 0), "fill");
      ins.flush();
    }
    s.move(MAIN, null, base);
    return s;
  }

  FileRepository repo() {
    return repo;
  }

  Keys keys() {
    return keys;
  }

  ObjectId head(String ref) throws IOException {
    return repo.exactRef(ref).getObjectId();
  }

  /** The root tree of a commit. */
  ObjectId treeOf(AnyObjectId commit) throws IOException {
    try (RevWalk rw = new RevWalk(repo)) {
      return rw.parseCommit(commit).getTree().copy();
    }
  }

  // ---- the measured operations ----

  /**
   * Commits one new value on {@code main}: a blob, the three trees on its path and a commit through
   * one inserter and one flush, then one ref update that expects the head read at the start. A
   * writer that lost the race to another reads the new head and does it all again.
   */
  ObjectId commitOne(int key, byte[] value) throws IOException {
    String[] path = keys.gitPath(key).split("/");
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      ObjectId head = head(MAIN);
      try (ObjectInserter ins = repo.newObjectInserter();
          ObjectReader reader = ins.newReader();
          RevWalk rw = new RevWalk(reader)) {
        ObjectId blob = ins.insert(Constants.OBJ_BLOB, value);
        ObjectId root = replace(reader, ins, rw.parseCommit(head).getTree(), path, 0, blob);
        ObjectId commit = ins.insert(commit(root, "set " + keys.gitPath(key), head));
        ins.flush();
        RefUpdate u = repo.updateRef(MAIN);
        u.setExpectedOldObjectId(head);
        u.setNewObjectId(commit);
        switch (u.update(rw)) {
          case NEW, FAST_FORWARD, FORCED -> {
            return commit;
          }
          case LOCK_FAILURE, REJECTED -> {
            // another writer moved the head or holds its lock: start again from the new head
          }
          default -> throw new IOException("cannot move " + MAIN + ": " + u.getResult());
        }
      }
    }
    throw new IOException("lost the race for " + MAIN + " " + MAX_ATTEMPTS + " times");
  }

  /** {@code tree} with the blob at {@code path[i..]} replaced by {@code blob}. */
  private static ObjectId replace(
      ObjectReader reader,
      ObjectInserter ins,
      AnyObjectId tree,
      String[] path,
      int i,
      ObjectId blob)
      throws IOException {
    CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tree);
    TreeFormatter f = new TreeFormatter();
    boolean found = false;
    for (; !p.eof(); p.next()) {
      if (!p.getEntryPathString().equals(path[i])) {
        f.append(
            p.getEntryPathBuffer(),
            0,
            p.getEntryPathLength(),
            p.getEntryFileMode(),
            p.getEntryObjectId());
      } else if (i == path.length - 1) {
        f.append(path[i], FileMode.REGULAR_FILE, blob);
        found = true;
      } else {
        f.append(
            path[i], FileMode.TREE, replace(reader, ins, p.getEntryObjectId(), path, i + 1, blob));
        found = true;
      }
    }
    if (!found) {
      throw new NoSuchElementException("no " + path[i] + " in tree " + tree.name());
    }
    return ins.insert(f);
  }

  /**
   * Commits a whole new tree on {@code main} with every key at {@code version}, built with a
   * {@link DirCache} through one inserter, one flush and one ref update.
   */
  ObjectId commitAll(long version) throws IOException {
    ObjectId head = head(MAIN);
    ObjectId commit;
    try (ObjectInserter ins = repo.newObjectInserter()) {
      commit = writeCommit(ins, i -> Keys.value(i, version), "set to version " + version, head);
      ins.flush();
    }
    move(MAIN, head, commit);
    return commit;
  }

  /** The value at {@code path} in {@code tree}, found with {@link TreeWalk#forPath}. */
  byte[] get(AnyObjectId tree, String path) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(repo, path, tree)) {
      if (tw == null) {
        throw new NoSuchElementException("no value at " + path);
      }
      return repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
    }
  }

  /**
   * Merges {@code theirs} into branch {@code ref}, which must be at {@code ours}: the recursive
   * merger in core (its trees through its own inserter, flushed), then a merge commit through one
   * inserter and one ref update.
   */
  ObjectId merge(String ref, ObjectId ours, ObjectId theirs) throws IOException {
    ResolveMerger m = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
    if (!m.merge(ours, theirs)) {
      throw new IllegalStateException(
          "the merge conflicts: " + m.getMergeResults().keySet());
    }
    ObjectId commit;
    try (ObjectInserter ins = repo.newObjectInserter()) {
      commit = ins.insert(commit(m.getResultTreeId(), "merge", ours, theirs));
      ins.flush();
    }
    move(ref, ours, commit);
    return commit;
  }

  // ---- set-up ----

  /** Writes a tree of every key with its value from {@code values}, and a commit of it. */
  ObjectId writeCommit(
      ObjectInserter ins, IntFunction<byte[]> values, String message, ObjectId... parents)
      throws IOException {
    DirCache dc = DirCache.newInCore();
    DirCacheBuilder b = dc.builder();
    for (int i = 0; i < keys.count(); i++) {
      DirCacheEntry e = new DirCacheEntry(keys.gitPath(i));
      e.setFileMode(FileMode.REGULAR_FILE);
      e.setObjectId(ins.insert(Constants.OBJ_BLOB, values.apply(i)));
      b.add(e);
    }
    b.finish();
    return ins.insert(commit(dc.writeTree(ins), message, parents));
  }

  /** Writes a commit through a pack, as set-up; returns its id. */
  ObjectId writePacked(IntFunction<byte[]> values, String message, ObjectId... parents)
      throws IOException {
    try (ObjectInserter ins = repo.getObjectDatabase().newPackInserter()) {
      ObjectId c = writeCommit(ins, values, message, parents);
      ins.flush();
      return c;
    }
  }

  /** Moves {@code ref} to {@code target} if it is at {@code expected} (null: whatever it is). */
  void move(String ref, ObjectId expected, ObjectId target) throws IOException {
    RefUpdate u = repo.updateRef(ref);
    if (expected != null) {
      u.setExpectedOldObjectId(expected);
    }
    u.setNewObjectId(target);
    u.setForceUpdate(expected == null);
    switch (u.update()) {
      case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {}
      default -> throw new IOException("cannot move " + ref + ": " + u.getResult());
    }
  }

  private static CommitBuilder commit(ObjectId tree, String message, ObjectId... parents) {
    PersonIdent who = new PersonIdent("bench", "bench@nymote.invalid");
    CommitBuilder c = new CommitBuilder();
    c.setTreeId(tree);
    c.setParentIds(parents);
    c.setAuthor(who);
    c.setCommitter(who);
    c.setMessage(message);
    return c;
  }

  @Override
  public void close() {
    repo.close();
    TempDirs.delete(dir);
  }
}
