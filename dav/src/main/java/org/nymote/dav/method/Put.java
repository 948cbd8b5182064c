package org.nymote.dav.method;

import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.CollectionMeta;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.ical.CalendarObject;
import org.nymote.dav.vcard.VCardObject;
import org.nymote.dav.xml.Names;
import org.nymote.store.Tree;

/**
 * PUT (RFC 4918 §9.7, RFC 4791 §5.3.2, RFC 6352 §6.3.2): parses and checks the object once, then
 * in one store update checks If-Match / If-None-Match and that no other resource of the collection
 * has its UID, and writes it. 201 when created, 204 when replaced; the ETag is the blob id.
 */
public final class Put {
  private Put() {}

  /** A parsed object's UID and type. */
  record Parsed(String uid, String type) {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    if (!(target instanceof DavPath.Resource res)) {
      throw new DavException(405, "PUT a resource inside a calendar or address book");
    }
    if (r.body().length > ctx.maxResourceBytes()) {
      throw new DavException(413, "a resource may be at most " + ctx.maxResourceBytes() + " bytes");
    }
    Kind kind = res.collection().kind();
    Parsed parsed = parse(kind, r.body());
    boolean[] created = new boolean[1];
    ctx.store().update(r.user(), "PUT " + res.store(), tree -> {
      CollectionMeta meta = ctx.store()
          .meta(tree, res.collection())
          .orElseThrow(
              () -> new DavException(409, "the collection does not exist: create it first"));
      if (kind == Kind.CALENDAR && !meta.components().contains(parsed.type())) {
        throw new DavException(
            403,
            Names.SUPPORTED_CALENDAR_COMPONENT,
            "this calendar does not hold " + parsed.type());
      }
      Optional<ObjectId> current = tree.findId(res.store());
      Conditions.check(r, current);
      checkUid(ctx, r.user(), tree, res, parsed.uid());
      created[0] = current.isEmpty();
      return tree.with(res.store(), r.body());
    });
    return DavResponse.empty(created[0] ? 201 : 204)
        .with("ETag", DavContext.etag(blobId(r.body())));
  }

  static Parsed parse(Kind kind, byte[] body) {
    if (kind == Kind.CALENDAR) {
      CalendarObject o = CalendarObject.parse(body);
      return new Parsed(o.uid(), o.type());
    }
    return new Parsed(VCardObject.parse(body).uid(), "VCARD");
  }

  /** 403 with no-uid-conflict (and the other resource's href) if another has this UID. */
  static void checkUid(DavContext ctx, String user, Tree tree, DavPath.Resource res, String uid) {
    String id = res.collection().id();
    Optional<String> other = res.collection().kind() == Kind.CALENDAR
        ? ctx.store().calendarIndex(user, tree, id).nameOfUid(uid)
        : ctx.store().cardIndex(user, tree, id).nameOfUid(uid);
    if (other.isPresent() && !other.get().equals(res.name())) {
      var name = res.collection().kind() == Kind.CALENDAR
          ? Names.CALDAV_NO_UID_CONFLICT
          : Names.CARDDAV_NO_UID_CONFLICT;
      throw new DavException(
          403,
          name,
          "UID " + uid + " is already used by " + ctx.href(res.collection().resource(other.get())));
    }
  }

  static ObjectId blobId(byte[] body) {
    try (var f = new ObjectInserter.Formatter()) {
      return f.idFor(Constants.OBJ_BLOB, body);
    }
  }
}
