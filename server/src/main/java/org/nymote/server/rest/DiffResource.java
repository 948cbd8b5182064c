package org.nymote.server.rest;

import java.util.List;
import org.nymote.server.stores.Stores;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Repo;

/** {@code users/{u}/diff?from=R&to=R&prefix=P}: the values that differ, in path order. */
final class DiffResource {
  private final Stores stores;

  DiffResource(Stores stores) {
    this.stores = stores;
  }

  record DiffJson(List<ChangeJson> changes) {}

  Reply get(RestRequest request) {
    String fromText = required(request, "from");
    String toText = required(request, "to");
    Path prefix = request.query("prefix").map(Revisions::path).orElse(Path.ROOT);
    Repo repo = stores.of(request.user());
    Commit from = Revisions.commit(repo, fromText);
    Commit to = Revisions.commit(repo, toText);
    var changes = repo.diff(repo.tree(from), repo.tree(to), prefix);
    return new Reply.Json(200, new DiffJson(ChangeJson.of(changes)));
  }

  private static String required(RestRequest request, String name) {
    return request
        .query(name)
        .orElseThrow(() -> new RestException(
            ProblemType.INVALID_REQUEST,
            "the query parameter '" + name + "' is required: a branch name or a full commit id"));
  }
}
