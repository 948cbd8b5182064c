package org.nymote.dav.method;

import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.CollectionMeta;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.xml.Multistatus;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.XmlReader;

/**
 * PROPPATCH (RFC 4918 §9.2) of a collection's properties: all or nothing, in one store update. A
 * protected property fails with 403 and the others with 424.
 */
public final class Proppatch {
  private Proppatch() {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    var root = XmlReader.parse(r.body(), Names.dav("propertyupdate"));
    PropertyUpdate update = PropertyUpdate.parse(root);
    var ms = new Multistatus();
    String href = ctx.href(target);
    if (!(target instanceof DavPath.Collection c)) {
      ms.propstatus(href, update.names(), 403);
      return DavResponse.xml(207, ms.finish());
    }
    var refused = update.refused(false);
    if (!refused.isEmpty()) {
      ms.propstatus(href, refused, 403);
      var rest = update.names().stream().filter(n -> !refused.contains(n)).toList();
      if (!rest.isEmpty()) {
        ms.propstatus(href, rest, 424);
      }
      return DavResponse.xml(207, ms.finish());
    }
    ctx.store().update(r.user(), "PROPPATCH " + c.store(), tree -> {
      CollectionMeta meta =
          ctx.store().meta(tree, c).orElseThrow(() -> new DavException(404, "no such collection"));
      return tree.with(CollectionMeta.path(c.store()), update.apply(meta).encode());
    });
    ms.propstatus(href, update.names(), 200);
    return DavResponse.xml(207, ms.finish());
  }
}
