package org.nymote.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.internal.Committer;
import org.nymote.store.internal.Committer.Head;
import org.nymote.store.internal.KeepBoth;

/**
 * A named head that moves only by compare-and-set. A cheap handle: make as many as you like. Every
 * method is thread-safe; every write returns only once it is durable.
 */
public final class Branch {
  /**
   * How often an update runs optimistically before it falls back to running once more inside the
   * committer, where it cannot lose a race.
   */
  public static final int OPTIMISTIC_ATTEMPTS = 4;

  /** How often a merge of branches is retried when the head keeps moving under it. */
  public static final int MAX_ATTEMPTS = 16;

  private final Repo repo;
  private final String name;

  Branch(Repo repo, String name) {
    this.repo = repo;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** The head commit; empty while the branch does not exist. */
  public Optional<Commit> head() {
    return Optional.ofNullable(repo.head(name).commit());
  }

  /** The head and its tree, read together. */
  public record Snapshot(Optional<Commit> head, Tree tree) {}

  /** The head commit and its tree as one consistent read. */
  public Snapshot snapshot() {
    Head h = repo.head(name);
    return new Snapshot(Optional.ofNullable(h.commit()), h.tree());
  }

  /** The tree at the head; empty while the branch does not exist. */
  public Tree tree() {
    return repo.head(name).tree();
  }

  public boolean exists() {
    return repo.head(name).commit() != null;
  }

  /**
   * Applies {@code change} to the tree at the head and commits the result (snapshot isolation).
   * If another writer moved the head first, our change is merged three-way into the new head by
   * the schema; if that conflicts, {@code change} runs again on the new head, and after {@link
   * #OPTIMISTIC_ATTEMPTS} such attempts it runs once more on the committer thread, where no one can
   * overtake it. {@code change} must be a pure function of its input and quick. Returns the
   * commit now at the head (the current head, unchanged, when {@code change} changed nothing).
   * An exception thrown by {@code change} propagates and nothing is committed.
   */
  public Commit update(Info info, UnaryOperator<Tree> change) {
    return update(info, change, true);
  }

  /**
   * Like {@link #update}, but the change is always applied to exactly the tree it commits on: if
   * another writer moved the head first, the change runs again on the new head instead of being
   * merged into it. Use it when {@code change} checks a precondition on the whole tree (an
   * expected head or value) that a merge could invalidate.
   */
  public Commit updateExactly(Info info, UnaryOperator<Tree> change) {
    return update(info, change, false);
  }

  /**
   * Like {@link #updateExactly}, but {@code change} runs on the committer thread, on the head as
   * the writers queued before it leave it: it never loses a race, and changes queued together are
   * written in one durable step. For writers that contend on the same paths (an optimistic
   * writer would run again each time another got in first); {@code change} must be quick and
   * must not block, as every writer of the repository waits for it. An exception thrown by
   * {@code change} propagates and nothing of it is committed.
   */
  public Commit updateInTurn(Info info, UnaryOperator<Tree> change) {
    return switch (repo.submit(new Committer.Apply(name, change, info))) {
      case Committer.Done d -> d.head().commit();
      default -> throw new IllegalStateException("an applied change cannot lose a race");
    };
  }

  private Commit update(Info info, UnaryOperator<Tree> change, boolean mergeOnRace) {
    for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      Head h = repo.head(name);
      Tree next = change.apply(h.tree());
      if (h.commit() != null && (next == h.tree() || next.id().equals(h.tree().id()))) {
        return h.commit();
      }
      next.id(); // hash the new nodes here, in parallel with other writers
      switch (repo.submit(new Committer.Update(name, h.id(), h.tree(), next, info, mergeOnRace))) {
        case Committer.Done d -> {
          return d.head().commit();
        }
        case Committer.Conflicted c -> {
          // lost the race and conflicted: run again on the new head
        }
        case Committer.Stale s -> throw new IllegalStateException("an update never goes stale");
      }
    }
    return updateInTurn(info, change);
  }

  /** Sets one value: {@code update(info, t -> t.with(path, value))}. */
  public Commit set(Info info, Path path, byte[] value) {
    return update(info, t -> t.with(path, value));
  }

  /** Removes a value or directory. */
  public Commit remove(Info info, Path path) {
    return update(info, t -> t.without(path));
  }

  /**
   * Starts a transaction on a snapshot of the head: owned by the calling thread, invisible to
   * others until {@link Transaction#commit}.
   */
  public Transaction begin() {
    return new Transaction(this, repo.head(name));
  }

  Commit commitTransaction(Head base, Tree tree, Info info) {
    if (base.commit() != null && tree.id().equals(base.tree().id())) {
      return base.commit();
    }
    return switch (repo.submit(
        new Committer.Update(name, base.id(), base.tree(), tree, info, true))) {
      case Committer.Done d -> d.head().commit();
      case Committer.Conflicted c ->
        throw new UpdateFailedException(
            "transaction on " + name + " conflicts with a concurrent commit: " + c.conflicts(),
            c.conflicts());
      case Committer.Stale s -> throw new IllegalStateException("an update never goes stale");
    };
  }

  /**
   * Merges another commit into this branch: a fast-forward where one contains the other,
   * otherwise a three-way merge on the merge base (several bases merged recursively) committed
   * with both parents. With conflicts nothing is committed and the result names them.
   */
  public MergeResult merge(ObjectId theirs, Info info) {
    return merge(theirs, info, false);
  }

  /**
   * Merges another commit into this branch and always commits: conflicts are settled by keeping
   * both sides ({@code name.conflict-<id>} beside the path, the same on every replica), and are
   * still listed in the result. This is how replicas sync.
   */
  public MergeResult mergeKeepingBoth(ObjectId theirs, Info info) {
    return merge(theirs, info, true);
  }

  private MergeResult merge(ObjectId theirs, Info info, boolean keepBoth) {
    Commit other = repo.getCommit(theirs);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Head h = repo.head(name);
      if (h.commit() != null && repo.isAncestor(theirs, h.id())) {
        return new MergeResult(h.tree(), List.of(), Optional.of(h.commit()));
      }
      if (h.commit() == null || repo.isAncestor(h.id(), theirs)) {
        switch (repo.submit(new Committer.Move(name, h.id(), theirs))) {
          case Committer.Done d -> {
            return new MergeResult(
                d.head().tree(), List.of(), Optional.of(d.head().commit()));
          }
          default -> {
            continue;
          }
        }
      }
      Tree base = repo.mergeBaseTree(h.id(), theirs);
      Tree theirsTree = repo.tree(other);
      MergeResult m = repo.mergeTrees(base, h.tree(), theirsTree);
      Tree result = m.tree();
      if (!m.isClean()) {
        if (!keepBoth) {
          return m;
        }
        result = KeepBoth.settle(m.tree(), h.tree(), theirsTree, m.conflicts());
      }
      var put = new Committer.Put(name, h.id(), result, List.of(h.id(), theirs), info);
      if (repo.submit(put) instanceof Committer.Done d) {
        return new MergeResult(
            d.head().tree(), m.conflicts(), Optional.of(d.head().commit()));
      }
    }
    throw new UpdateFailedException("merge into " + name + " kept losing the race", List.of());
  }

  /** Merges another branch's head into this one. */
  public MergeResult merge(Branch other, Info info) {
    Commit c = other
        .head()
        .orElseThrow(() -> new StoreException("branch " + other.name() + " does not exist"));
    return merge(c.id(), info);
  }

  /**
   * Undoes the change that {@code commit} made (against its first parent) on top of the head, by a
   * three-way merge, as {@code git revert}.
   *
   * @throws UpdateFailedException if later changes conflict with undoing it
   */
  public Commit revert(ObjectId commit, Info info) {
    Commit c = repo.getCommit(commit);
    Tree before = c.parent().map(p -> repo.tree(repo.getCommit(p))).orElse(Tree.empty());
    Tree after = repo.tree(c);
    return update(info, head -> {
      MergeResult m = repo.mergeTrees(after, head, before);
      if (!m.isClean()) {
        throw new UpdateFailedException(
            "cannot revert " + c.shortId() + ": " + m.conflicts(), m.conflicts());
      }
      return m.tree();
    });
  }

  /** The tree as of {@code time}: that of the newest commit on the branch's line not after it. */
  public Optional<Tree> asOf(Instant time) {
    Optional<Commit> at = commitAsOf(time);
    return at.map(repo::tree);
  }

  /** The newest commit on the branch's first-parent line made at or before {@code time}. */
  public Optional<Commit> commitAsOf(Instant time) {
    Optional<Commit> c = head();
    while (c.isPresent() && c.get().info().time().isAfter(time)) {
      c = c.get().parent().map(repo::getCommit);
    }
    return c;
  }

  /**
   * Moves the head to {@code target} if it is still at {@code expected} (empty: the branch must
   * not exist). Returns whether it moved.
   */
  public boolean compareAndSet(Optional<ObjectId> expected, ObjectId target) {
    repo.getCommit(target);
    return repo.submit(new Committer.Move(name, expected.orElse(null), target))
        instanceof Committer.Done;
  }

  /** Deletes the branch if its head is still {@code expected}. Returns whether it did. */
  public boolean delete(ObjectId expected) {
    return repo.submit(new Committer.Move(name, expected, null)) instanceof Committer.Done;
  }

  /** Subscribes to changes under {@code prefix}; see {@link Watch}. */
  public Watch watch(Path prefix, Consumer<WatchEvent> listener) {
    return repo.watch(name, prefix, listener);
  }

  @Override
  public String toString() {
    return "Branch[" + name + "]";
  }
}
