package org.nymote.server.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpStatus;
import org.nymote.server.stores.Stores;
import org.nymote.store.Branch;
import org.nymote.store.Commit;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Tree;

/**
 * {@code users/{u}/branches/{b}/values/{path...}}: GET and HEAD read a value (raw bytes, ETag the
 * blob id) or list a directory (JSON, ETag the tree id); PUT sets a value and DELETE removes one,
 * each one commit. Conditions (If-Match, If-None-Match) are checked inside the store update, on the
 * tree the change is made to, so no other writer comes between the check and the write.
 */
final class ValuesResource {
  /** The largest value accepted. */
  static final int MAX_VALUE = 16 << 20;

  private final Stores stores;

  ValuesResource(Stores stores) {
    this.stores = stores;
  }

  /** One entry of a directory listing. */
  record EntryJson(String name, String type, String id) {}

  record ListingJson(String path, List<EntryJson> entries) {}

  record WrittenJson(String commit, String etag) {}

  Reply get(RestRequest request, Route.Values route) {
    Repo repo = stores.of(request.user());
    Path path = Revisions.path(route.segments());
    Commit head = Revisions.head(Revisions.existingBranch(repo, route.branch()));
    Tree tree = repo.tree(head);
    Optional<String> id = tree.findId(path).map(Ids::name);
    if (id.isEmpty()) {
      throw new RestException(
          ProblemType.NOT_FOUND, "nothing at '" + path + "' on branch '" + route.branch() + "'");
    }
    var current = new Preconditions.Current(id, Optional.of(Ids.name(head.id())));
    List<Reply.Header> headers = List.of(
        new Reply.Header("ETag", Ids.etag(id.get())),
        new Reply.Header("X-Nymote-Commit", Ids.name(head.id())));
    switch (Preconditions.parse(request).evaluate(current, true)) {
      case NOT_MODIFIED -> {
        return new Reply.Empty(HttpStatus.NOT_MODIFIED_304, headers);
      }
      case FAILED -> throw preconditionFailed("the value at '" + path + "' is not that one");
      case PROCEED -> {}
    }
    if (tree.hasValue(path)) {
      return new Reply.Bytes(200, "application/octet-stream", tree.get(path), headers);
    }
    List<EntryJson> entries = new ArrayList<>();
    for (String name : tree.list(path)) {
      Path child = path.child(name);
      String type = tree.isDirectory(child) ? "directory" : "value";
      entries.add(new EntryJson(name, type, tree.findId(child).map(Ids::name).orElse(null)));
    }
    return new Reply.Json(200, new ListingJson(path.toString(), entries), headers);
  }

  Reply put(RestRequest request, Route.Values route) {
    Repo repo = stores.of(request.user());
    Path path = Revisions.path(route.segments());
    if (path.isRoot()) {
      throw new RestException(ProblemType.INVALID_PATH, "a value needs a path below the root");
    }
    Branch branch = Revisions.branch(repo, route.branch());
    Preconditions conditions = Preconditions.parse(request);
    byte[] value = request.body(MAX_VALUE);
    checkType(repo, path, value);
    Info info = info(request, "set " + path);
    var created = new AtomicBoolean();
    Commit commit = branch.update(info, tree -> {
      check(conditions, branch, tree, path);
      checkPlace(tree, path);
      created.set(!tree.hasValue(path));
      return tree.with(path, value);
    });
    // The value now there: ours, or ours merged by its type with a concurrent writer's.
    String etag = repo.tree(commit).findId(path).map(Ids::name).orElse(null);
    List<Reply.Header> headers =
        new ArrayList<>(List.of(new Reply.Header("X-Nymote-Commit", Ids.name(commit.id()))));
    if (etag != null) {
      headers.add(new Reply.Header("ETag", Ids.etag(etag)));
    }
    int status = created.get() ? HttpStatus.CREATED_201 : HttpStatus.OK_200;
    return new Reply.Json(status, new WrittenJson(Ids.name(commit.id()), etag), headers);
  }

  Reply delete(RestRequest request, Route.Values route) {
    Repo repo = stores.of(request.user());
    Path path = Revisions.path(route.segments());
    if (path.isRoot()) {
      throw new RestException(
          ProblemType.INVALID_PATH, "the root cannot be deleted; delete the paths under it");
    }
    Branch branch = Revisions.existingBranch(repo, route.branch());
    Preconditions conditions = Preconditions.parse(request);
    Info info = info(request, "remove " + path);
    Commit commit = branch.update(info, tree -> {
      if (tree.findId(path).isEmpty()) {
        throw new RestException(
            ProblemType.NOT_FOUND, "nothing at '" + path + "' on branch '" + route.branch() + "'");
      }
      check(conditions, branch, tree, path);
      return tree.without(path);
    });
    return new Reply.Empty(
        HttpStatus.NO_CONTENT_204,
        List.of(new Reply.Header("X-Nymote-Commit", Ids.name(commit.id()))));
  }

  /** Checks the request's conditions against the tree an update runs on; 412 if they fail. */
  private static void check(Preconditions conditions, Branch branch, Tree tree, Path path) {
    // The head is that commit only if the tree the update runs on is its tree.
    Optional<String> head =
        branch.head().filter(c -> c.treeId().equals(tree.id())).map(c -> Ids.name(c.id()));
    var current = new Preconditions.Current(tree.findId(path).map(Ids::name), head);
    if (conditions.evaluate(current, false) != Preconditions.Outcome.PROCEED) {
      throw preconditionFailed("the value at '" + path + "' or the branch head has changed (or"
          + " If-None-Match: * found a value); read it again and retry");
    }
  }

  /** Refuses to replace a directory by a value, or to put a value under another value. */
  private static void checkPlace(Tree tree, Path path) {
    if (tree.isDirectory(path)) {
      throw new RestException(
          ProblemType.CONFLICT, "'" + path + "' is a directory; delete it first to put a value");
    }
    for (Path above = path.parent(); !above.isRoot(); above = above.parent()) {
      if (tree.hasValue(above)) {
        throw new RestException(
            ProblemType.CONFLICT,
            "'" + above + "' is a value, so nothing can be put under it; delete it first");
      }
    }
  }

  /** A value under a typed name ({@code *.counter}, {@code *.json}, ...) must decode: else 422. */
  private static void checkType(Repo repo, Path path, byte[] value) {
    try {
      repo.schema().contentsFor(path).decode(value);
    } catch (RuntimeException e) {
      throw new RestException(
          ProblemType.INVALID_VALUE,
          "'" + path.name() + "' holds a " + repo.schema().contentsFor(path).name() + ": "
              + e.getMessage());
    }
  }

  private Info info(RestRequest request, String defaultMessage) {
    String message = request.header("X-Nymote-Message").orElse(defaultMessage);
    return Info.now(stores.device(), message);
  }

  private static RestException preconditionFailed(String detail) {
    return new RestException(ProblemType.PRECONDITION_FAILED, detail);
  }
}
