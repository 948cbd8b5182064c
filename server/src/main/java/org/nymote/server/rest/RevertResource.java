package org.nymote.server.rest;

import org.nymote.server.stores.Stores;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.Repo;
import org.nymote.store.UpdateFailedException;

/**
 * {@code POST users/{u}/branches/{b}/revert} with {@code {"commit": C, "message": M}}: undoes what
 * commit C changed, on top of the head, as {@code git revert}. 409 naming the conflicts when later
 * changes stand in the way, and nothing committed.
 */
final class RevertResource {
  private final Stores stores;

  RevertResource(Stores stores) {
    this.stores = stores;
  }

  record RevertedJson(String commit) {}

  Reply post(RestRequest request, Route.Revert route) {
    Json.Body body = Json.read(request);
    String commitText = body.string("commit");
    Repo repo = stores.of(request.user());
    Branch branch = Revisions.existingBranch(repo, route.branch());
    Commit undone = Revisions.commit(repo, commitText);
    String message = body.optionalString("message").orElse("revert " + undone.shortId());
    try {
      Commit head = branch.revert(undone.id(), Info.now(stores.device(), message));
      return new Reply.Json(200, new RevertedJson(Ids.name(head.id())));
    } catch (UpdateFailedException e) {
      throw ConflictJson.problem(
          ProblemType.MERGE_CONFLICT,
          "cannot revert " + undone.shortId() + ": later changes conflict; nothing was committed",
          e.conflicts());
    }
  }
}
