package org.nymote.server.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nymote.server.stores.Stores;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Repo;

/** {@code users/{u}/branches}: GET lists the branches and heads; POST makes one from a commit. */
final class BranchesResource {
  private final Stores stores;

  BranchesResource(Stores stores) {
    this.stores = stores;
  }

  record BranchJson(String name, String head) {}

  record BranchListJson(List<BranchJson> branches) {}

  Reply list(RestRequest request) {
    Repo repo = stores.of(request.user());
    List<BranchJson> branches = new ArrayList<>();
    for (String name : repo.branches()) {
      // A branch deleted since the listing has no head: leave it out.
      repo.branch(name).head().ifPresent(c -> branches.add(new BranchJson(name, Ids.name(c.id()))));
    }
    return new Reply.Json(200, new BranchListJson(branches));
  }

  /** Body {@code {"name": "b", "from": "<branch or commit id>"}}; 409 if the branch exists. */
  Reply create(RestRequest request, Route.Branches route) {
    Json.Body body = Json.read(request);
    String name = body.string("name");
    String from = body.string("from");
    Repo repo = stores.of(request.user());
    Branch branch = Revisions.branch(repo, name);
    Commit start = Revisions.commit(repo, from);
    if (!branch.compareAndSet(Optional.empty(), start.id())) {
      throw new RestException(
          ProblemType.BRANCH_EXISTS, "a branch '" + name + "' already exists; choose another name");
    }
    return new Reply.Json(
        201,
        new BranchJson(name, Ids.name(start.id())),
        List.of(new Reply.Header(
            "Location", "/api/v1/users/" + route.user() + "/branches/" + Ids.pathSegment(name))));
  }
}
