package org.nymote.dav.method;

import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.DavPath;

/**
 * COPY and MOVE (RFC 4918 §9.8, §9.9) of a resource to another collection of the same kind and
 * user, in one store update: the UID must not already be at the destination (no-uid-conflict),
 * Overwrite: F refuses to replace (412). 201 when created, 204 when replaced.
 */
public final class CopyMove {
  private CopyMove() {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    if (!(target instanceof DavPath.Resource from)) {
      throw new DavException(403, "only resources can be copied or moved");
    }
    String destination = r.header("Destination")
        .orElseThrow(() -> new DavException(400, "a Destination header is required"));
    if (!(ctx.resolve(destination) instanceof DavPath.Resource to)
        || !to.collection().user().equals(r.user())
        || to.collection().kind() != from.collection().kind()) {
      throw new DavException(
          403,
          "the destination must be a resource in one of your "
              + from.collection().kind().home());
    }
    if (to.equals(from)) {
      throw new DavException(403, "the source and destination are the same");
    }
    boolean overwrite = !r.header("Overwrite").map(String::strip).orElse("T").equals("F");
    boolean move = r.method().equals("MOVE");
    boolean[] created = new boolean[1];
    ctx.store().update(r.user(), r.method() + " " + from.store() + " to " + to.store(), tree -> {
      byte[] body = tree.find(from.store())
          .orElseThrow(() -> new DavException(404, "no resource " + from.name()));
      Conditions.check(r, tree.findId(from.store()));
      if (ctx.store().meta(tree, to.collection()).isEmpty()) {
        throw new DavException(409, "the destination collection does not exist");
      }
      boolean exists = tree.hasValue(to.store());
      if (exists && !overwrite) {
        throw new DavException(412, "the destination exists and Overwrite is F");
      }
      var parsed = Put.parse(to.collection().kind(), body);
      var base = move ? tree.without(from.store()) : tree;
      Put.checkUid(ctx, r.user(), base, to, parsed.uid());
      created[0] = !exists;
      return base.with(to.store(), body);
    });
    return DavResponse.empty(created[0] ? 201 : 204);
  }
}
