package org.nymote.server.rest;

import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.CorruptObjectException;
import org.nymote.store.InvalidPathException;
import org.nymote.store.Path;
import org.nymote.store.Repo;

/** Names in requests resolved in a user's store, or refused with the problem that says why. */
final class Revisions {
  private Revisions() {}

  /** A handle on branch {@code name}, which need not exist; 400 if the name is invalid. */
  static Branch branch(Repo repo, String name) {
    try {
      return repo.branch(name);
    } catch (IllegalArgumentException e) {
      throw new RestException(
          ProblemType.INVALID_BRANCH_NAME,
          "'" + name + "' is not a valid branch name (Git's rules for ref names)");
    }
  }

  /** Branch {@code name}, which must exist (404 otherwise). */
  static Branch existingBranch(Repo repo, String name) {
    Branch branch = branch(repo, name);
    if (!branch.exists()) {
      throw new RestException(
          ProblemType.UNKNOWN_BRANCH,
          "there is no branch '" + name + "'; GET .../branches lists them, and a PUT of a value"
              + " or a POST to .../branches makes one");
    }
    return branch;
  }

  /** The head of an existing branch. */
  static Commit head(Branch branch) {
    return branch
        .head()
        .orElseThrow(() -> new RestException(
            ProblemType.UNKNOWN_BRANCH, "the branch '" + branch.name() + "' was just deleted"));
  }

  /** A branch's head or a commit by its full id (404 otherwise). */
  static Commit commit(Repo repo, String rev) {
    try {
      return repo.resolve(rev).orElseThrow(() -> unknown(rev));
    } catch (CorruptObjectException e) {
      // The id of an object that is not a commit.
      throw unknown(rev);
    }
  }

  private static RestException unknown(String rev) {
    return new RestException(
        ProblemType.UNKNOWN_REVISION,
        "'" + rev + "' is neither a branch nor a commit of this store; give a branch name or a"
            + " full 40-digit commit id");
  }

  /** A store path from URL segments; 400 saying why if the store refuses it. */
  static Path path(java.util.List<String> segments) {
    try {
      return new Path(segments);
    } catch (InvalidPathException e) {
      throw invalidPath(e);
    }
  }

  /** A store path from a query parameter such as {@code a/b}; 400 saying why if refused. */
  static Path path(String text) {
    try {
      return Path.parse(text);
    } catch (InvalidPathException e) {
      throw invalidPath(e);
    }
  }

  private static RestException invalidPath(InvalidPathException e) {
    return new RestException(ProblemType.INVALID_PATH, e.getMessage());
  }
}
