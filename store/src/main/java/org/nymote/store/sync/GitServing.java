package org.nymote.store.sync;

import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefFilter;
import org.eclipse.jgit.transport.UploadPack;
import org.nymote.store.Branch;
import org.nymote.store.Repo;
import org.nymote.store.StoreException;

/**
 * Serves a repository to Git clients (clone, fetch, push) with Nymote's rules. Only branches are
 * shown. A push is accepted when it creates a branch or fast-forwards one; the received objects
 * are checked as {@code git fsck} would before anything is stored, and each branch then moves by
 * compare-and-set through the repository's committer, so the store's journal and watches see it
 * like any other commit. Anything else (a non-fast-forward, a deletion, a branch that moved
 * meanwhile, a tag) is refused with a message that says to sync.
 */
public final class GitServing {
  /** The largest pack a push may send. */
  public static final long MAX_PACK_BYTES = 512L << 20;

  /** The largest single object a push may send. */
  public static final long MAX_OBJECT_BYTES = 64L << 20;

  private static final RefFilter BRANCHES_ONLY = refs -> {
    var out = new java.util.HashMap<String, org.eclipse.jgit.lib.Ref>();
    refs.forEach((name, ref) -> {
      if (name.startsWith(Constants.R_HEADS) || name.equals(Constants.HEAD)) {
        out.put(name, ref);
      }
    });
    return out;
  };

  private GitServing() {}

  /** An upload-pack (clone and fetch) over the repository as it is now. */
  public static UploadPack uploadPack(Repo repo) {
    UploadPack up = new UploadPack(git(repo));
    up.setRefFilter(BRANCHES_ONLY);
    return up;
  }

  /** A receive-pack (push) that moves branches through the store. */
  public static ReceivePack receivePack(Repo repo) {
    ReceivePack rp = new ReceivePack(git(repo));
    rp.setRefFilter(BRANCHES_ONLY);
    rp.setCheckReceivedObjects(true);
    // Not the stricter check that objects the pack leaves out are reachable from the advertised
    // branches: JGit walks only the trees of the branch tips for it, so it refuses sound pushes
    // that leave out an object (a counter's "3\n") found only deeper in the history. Every object
    // here is the user's own; the received objects are still checked to exist and to pass fsck.
    rp.setCheckReferencedObjectsAreReachable(false);
    rp.setAllowCreates(true);
    rp.setAllowDeletes(false);
    rp.setAllowNonFastForwards(true); // checked in the hook, to say what to do
    rp.setMaxPackSizeLimit(MAX_PACK_BYTES);
    rp.setMaxObjectSizeLimit(MAX_OBJECT_BYTES);
    rp.setAtomic(false);
    rp.setPreReceiveHook((pack, commands) -> {
      for (ReceiveCommand c : commands) {
        if (c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
          apply(repo, c);
        }
      }
    });
    return rp;
  }

  private static Repository git(Repo repo) {
    repo.checkpoint();
    return repo.gitRepository()
        .orElseThrow(() -> new StoreException("only an on-disk repository can be served"));
  }

  private static void apply(Repo repo, ReceiveCommand c) {
    String ref = c.getRefName();
    if (!ref.startsWith(Constants.R_HEADS)) {
      c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "only branches can be pushed");
      return;
    }
    Branch branch;
    try {
      branch = repo.branch(ref.substring(Constants.R_HEADS.length()));
    } catch (IllegalArgumentException e) {
      c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, e.getMessage());
      return;
    }
    ObjectId old = c.getOldId();
    ObjectId target = c.getNewId();
    if (c.getType() == ReceiveCommand.Type.DELETE) {
      c.setResult(ReceiveCommand.Result.REJECTED_NODELETE, "branches are not deleted by push");
      return;
    }
    Optional<ObjectId> expected =
        old.equals(ObjectId.zeroId()) ? Optional.empty() : Optional.of(old);
    if (expected.isPresent() && !repo.isAncestor(old, target)) {
      c.setResult(
          ReceiveCommand.Result.REJECTED_NONFASTFORWARD,
          "not a fast-forward: run 'nymote sync' to merge, then push again");
      return;
    }
    try {
      if (branch.compareAndSet(expected, target)) {
        c.setResult(ReceiveCommand.Result.OK);
      } else {
        c.setResult(
            ReceiveCommand.Result.LOCK_FAILURE,
            "the branch moved meanwhile: run 'nymote sync' to merge, then push again");
      }
    } catch (RuntimeException e) {
      c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "cannot store: " + e.getMessage());
    }
  }
}
