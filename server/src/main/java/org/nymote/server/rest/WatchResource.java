package org.nymote.server.rest;

import java.util.Optional;
import org.nymote.server.stores.Stores;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Path;
import org.nymote.store.Repo;

/**
 * {@code GET users/{u}/branches/{b}/watch?prefix=P}: opens a stream of Server-Sent Events, one per
 * commit that changes something under the prefix. A client that reconnects with {@code
 * Last-Event-ID} (a commit id) first gets what changed since. {@link EventStream} writes it.
 */
final class WatchResource {
  private final Stores stores;

  WatchResource(Stores stores) {
    this.stores = stores;
  }

  Reply get(RestRequest request, Route.Watch route) {
    Path prefix = request.query("prefix").map(Revisions::path).orElse(Path.ROOT);
    Repo repo = stores.of(request.user());
    Branch branch = Revisions.existingBranch(repo, route.branch());
    // An unknown Last-Event-ID (from another store, or garbage) only means no catching up.
    Optional<Commit> since = request
        .header("Last-Event-ID")
        .filter(org.eclipse.jgit.lib.ObjectId::isId)
        .flatMap(id -> repo.findCommit(org.eclipse.jgit.lib.ObjectId.fromString(id)));
    return new Reply.Events(repo, branch, prefix, since);
  }
}
