package org.nymote.store;

import org.nymote.store.internal.Committer.Head;

/**
 * Changes to a snapshot of a branch, made by one thread and invisible to others until {@link
 * #commit}. Commit merges the changes into the head if it moved meanwhile, and fails with {@link
 * UpdateFailedException} if they conflict. Not thread-safe; closing without committing discards.
 */
public final class Transaction implements AutoCloseable {
  private final Branch branch;
  private final Head base;
  private Tree tree;
  private boolean done;

  Transaction(Branch branch, Head base) {
    this.branch = branch;
    this.base = base;
    this.tree = base.tree();
  }

  /** The tree as this transaction sees it, with its own changes. */
  public Tree tree() {
    return tree;
  }

  public Transaction put(Path path, byte[] value) {
    check();
    tree = tree.with(path, value);
    return this;
  }

  public <T> Transaction put(Path path, Contents<T> contents, T value) {
    return put(path, contents.encode(value));
  }

  public Transaction remove(Path path) {
    check();
    tree = tree.without(path);
    return this;
  }

  /** Commits the changes; returns the head commit afterwards. */
  public Commit commit(Info info) {
    check();
    done = true;
    return branch.commitTransaction(base, tree, info);
  }

  private void check() {
    if (done) {
      throw new IllegalStateException("the transaction is already committed or closed");
    }
  }

  @Override
  public void close() {
    done = true;
  }
}
