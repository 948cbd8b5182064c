package org.nymote.dav.method;

import java.util.Optional;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.CollectionMeta;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.XmlReader;
import org.w3c.dom.Element;

/**
 * MKCOL with or without the extended body (RFC 4918 §9.3, RFC 5689) and MKCALENDAR (RFC 4791
 * §5.3.1): a new calendar in the calendars home, or address book in the contacts home, with its
 * initial properties, in one store update. 201; 405 if something is there already.
 */
public final class Mkcol {
  private Mkcol() {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    if (!(target instanceof DavPath.Collection c)) {
      throw new DavException(403, "collections are made in /calendars/ or /contacts/ only");
    }
    boolean mkcalendar = r.method().equals("MKCALENDAR");
    if (mkcalendar && c.kind() != Kind.CALENDAR) {
      throw new DavException(403, "MKCALENDAR makes calendars, in the calendars home");
    }
    Optional<Element> body = XmlReader.parse(r.body());
    var expected = mkcalendar ? Names.caldav("mkcalendar") : Names.dav("mkcol");
    if (body.isPresent() && !XmlReader.is(body.get(), expected)) {
      throw new DavException(415, "expected a body " + expected);
    }
    PropertyUpdate update =
        body.map(PropertyUpdate::parse).orElse(new PropertyUpdate(java.util.List.of()));
    checkResourceType(update, c.kind());
    if (!update.refused(true).isEmpty()) {
      var ms = new org.nymote.dav.xml.Multistatus();
      ms.propstatus(ctx.href(c), update.refused(true), 403);
      return DavResponse.xml(403, ms.finish());
    }
    CollectionMeta meta = update.apply(CollectionMeta.of(c.kind()));
    ctx.store().update(r.user(), r.method() + " " + c.store(), tree -> {
      if (tree.isDirectory(c.store())) {
        throw new DavException(405, "a collection exists there already");
      }
      return tree.with(CollectionMeta.path(c.store()), meta.encode());
    });
    return DavResponse.empty(201);
  }

  /** An extended MKCOL's resourcetype must be the kind of the home it is made in. */
  private static void checkResourceType(PropertyUpdate update, Kind kind) {
    for (var s : update.settings()) {
      if (s.name().equals(Names.RESOURCETYPE) && s.value().isPresent()) {
        boolean ok = XmlReader.children(s.value().get()).stream()
            .map(XmlReader::name)
            .allMatch(n -> n.equals(Names.COLLECTION) || n.equals(kind.resourceType()));
        if (!ok) {
          throw new DavException(
              403,
              Names.dav("valid-resourcetype"),
              "only a " + kind.resourceType().getLocalPart() + " can be made here");
        }
      }
    }
  }
}
