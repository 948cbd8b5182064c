package org.nymote.server.rest;

import java.util.List;
import org.nymote.server.stores.Stores;
import org.nymote.store.Commit;
import org.nymote.store.Repo;

/**
 * {@code users/{u}/branches/{b}/log?limit=N&path=P}: the branch's commits, newest first, or with
 * {@code path} only those that changed what is there (its history).
 */
final class LogResource {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  private final Stores stores;

  LogResource(Stores stores) {
    this.stores = stores;
  }

  record LogJson(List<CommitJson> commits) {}

  Reply get(RestRequest request, Route.Log route) {
    int limit = request.query("limit").map(LogResource::limit).orElse(DEFAULT_LIMIT);
    var path = request.query("path").map(Revisions::path);
    Repo repo = stores.of(request.user());
    Commit head = Revisions.head(Revisions.existingBranch(repo, route.branch()));
    List<Commit> commits =
        path.isPresent() ? repo.history(head.id(), path.get(), limit) : repo.log(head.id(), limit);
    return new Reply.Json(200, new LogJson(commits.stream().map(CommitJson::of).toList()));
  }

  /** A limit from 1 up; above {@link #MAX_LIMIT} it is that. */
  private static int limit(String text) {
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1) {
        return Math.min(limit, MAX_LIMIT);
      }
    } catch (NumberFormatException e) {
      if (text.matches("[0-9]{10,}")) {
        return MAX_LIMIT;
      }
    }
    throw new RestException(
        ProblemType.INVALID_REQUEST,
        "limit must be a whole number from 1 (at most " + MAX_LIMIT + " are returned)");
  }
}
