package org.nymote.bench.store;

import java.nio.file.Path;
import java.util.function.IntPredicate;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.Repo;
import org.nymote.store.Schema;
import org.nymote.store.Tree;

/**
 * A Nymote repository on disk, in a scratch directory, whose branch {@code main} holds every key
 * at version 0. It is built by one update and checkpointed into a pack, as a store is after its
 * first second of life. Closing it deletes the directory. Thread-safe as {@link Repo} is.
 */
final class NymoteStore implements AutoCloseable {
  private final Path dir;
  private final Repo repo;
  private final Keys keys;

  private NymoteStore(Path dir, Repo repo, Keys keys) {
    this.dir = dir;
    this.repo = repo;
    this.keys = keys;
  }

  static NymoteStore create(Keys keys) {
    Path dir = TempDirs.create("nymote-bench-");
    Repo repo = Repo.init(dir.resolve("repo"), Schema.EMPTY);
    NymoteStore s = new NymoteStore(dir, repo, keys);
    s.main().update(info("fill"), t -> s.withValues(t, i -> true, 0));
    repo.checkpoint();
    return s;
  }

  Repo repo() {
    return repo;
  }

  Keys keys() {
    return keys;
  }

  Branch main() {
    return repo.branch("main");
  }

  /**
   * Closes the repository and opens it again, as after a restart: the head's tree is then read
   * from the pack on demand. This store must not be used afterwards; close the one returned.
   */
  NymoteStore reopen() {
    repo.close();
    return new NymoteStore(dir, Repo.open(dir.resolve("repo"), Schema.EMPTY), keys);
  }

  /** {@code tree} with every key that {@code which} selects set to its value at {@code version}. */
  Tree withValues(Tree tree, IntPredicate which, long version) {
    Tree t = tree;
    for (int i = 0; i < keys.count(); i++) {
      if (which.test(i)) {
        t = t.with(keys.path(i), Keys.value(i, version));
      }
    }
    return t;
  }

  /** Sets the selected keys to {@code version} on {@code branch} in one update. */
  Commit update(Branch branch, IntPredicate which, long version) {
    return branch.update(info("set to version " + version), t -> withValues(t, which, version));
  }

  static Info info(String message) {
    return Info.now("bench", message);
  }

  @Override
  public void close() {
    try {
      repo.close();
    } finally {
      TempDirs.delete(dir);
    }
  }
}
