package org.nymote.server.rest;

import org.nymote.server.stores.Stores;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.MergeResult;
import org.nymote.store.Repo;
import org.nymote.store.UpdateFailedException;

/**
 * {@code POST users/{u}/branches/{b}/merge} with {@code {"from": R, "message": M}}: merges a branch
 * or commit into the branch by the schema. Clean: 200 with the head and whether it was a
 * fast-forward (no merge commit made). Conflicts: 409 naming them, and nothing committed.
 */
final class MergeResource {
  private final Stores stores;

  MergeResource(Stores stores) {
    this.stores = stores;
  }

  record MergedJson(String commit, boolean fastForward) {}

  Reply post(RestRequest request, Route.Merge route) {
    Json.Body body = Json.read(request);
    String from = body.string("from");
    String message =
        body.optionalString("message").orElse("merge " + from + " into " + route.branch());
    Repo repo = stores.of(request.user());
    Branch branch = Revisions.existingBranch(repo, route.branch());
    Commit theirs = Revisions.commit(repo, from);
    Commit before = Revisions.head(branch);
    MergeResult result;
    try {
      result = branch.merge(theirs.id(), Info.now(stores.device(), message));
    } catch (UpdateFailedException e) {
      throw ConflictJson.problem(ProblemType.MERGE_CONFLICT, e.getMessage(), e.conflicts());
    }
    if (!result.isClean() || result.commit().isEmpty()) {
      throw ConflictJson.problem(
          ProblemType.MERGE_CONFLICT,
          "merging " + from + " into " + route.branch() + " conflicts at "
              + result.conflicts().size() + " path(s); nothing was committed",
          result.conflicts());
    }
    Commit head = result.commit().get();
    boolean fastForward = head.id().equals(theirs.id()) || head.id().equals(before.id());
    return new Reply.Json(200, new MergedJson(Ids.name(head.id()), fastForward));
  }
}
