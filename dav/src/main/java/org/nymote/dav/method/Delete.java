package org.nymote.dav.method;

import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.DavPath;

/** DELETE (RFC 4918 §9.6) of a resource (honouring If-Match) or a whole collection. */
public final class Delete {
  private Delete() {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    var at = switch (target) {
      case DavPath.Resource res -> res.store();
      case DavPath.Collection c -> c.store();
      default -> throw new DavException(403, "only calendars, address books and their resources");
    };
    ctx.store().update(r.user(), "DELETE " + at, tree -> {
      var id = tree.findId(at);
      if (id.isEmpty()) {
        throw new DavException(404, "nothing at " + ctx.href(target));
      }
      Conditions.check(r, id);
      return tree.without(at);
    });
    return DavResponse.empty(204);
  }
}
