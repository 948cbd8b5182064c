package org.nymote.dav.method;

import static org.nymote.dav.xml.Names.*;

import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.nymote.dav.collection.CollectionMeta;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.xml.XmlWriter;

/**
 * The properties of each kind of node (RFC 4918 §15, RFC 4791 §5.2 and §6.2, RFC 6352 §6.2, RFC
 * 5397, RFC 6578, and CalendarServer's getctag): writes one by name, or says it has none.
 */
final class Props {
  /** Properties that collections keep in their metadata under these field names. */
  static final List<QName> STORED =
      List.of(DISPLAYNAME, CALENDAR_DESCRIPTION, ADDRESSBOOK_DESCRIPTION);

  private Props() {}

  /** The names a node has, for allprop and propname. */
  static List<QName> names(Node n) {
    List<QName> out =
        new ArrayList<>(List.of(RESOURCETYPE, CURRENT_USER_PRINCIPAL, CURRENT_USER_PRIVILEGE_SET));
    switch (n.path()) {
      case DavPath.Resource r -> out.addAll(List.of(GETETAG, GETCONTENTTYPE, GETCONTENTLENGTH));
      case DavPath.Collection c -> {
        out.addAll(List.of(DISPLAYNAME, GETCTAG, SYNC_TOKEN, SUPPORTED_REPORT_SET, OWNER));
        out.addAll(
            c.kind() == Kind.CALENDAR
                ? List.of(
                    CALENDAR_DESCRIPTION,
                    SUPPORTED_CALENDAR_COMPONENT_SET,
                    SUPPORTED_CALENDAR_DATA,
                    CALENDAR_MAX_RESOURCE_SIZE)
                : List.of(
                    ADDRESSBOOK_DESCRIPTION,
                    SUPPORTED_ADDRESS_DATA,
                    ADDRESSBOOK_MAX_RESOURCE_SIZE));
        n.meta()
            .ifPresent(m -> m.fields().keySet().stream()
                .filter(f -> f.startsWith("{"))
                .forEach(f -> out.add(QName.valueOf(f))));
      }
      case DavPath.Principal p ->
        out.addAll(List.of(
            DISPLAYNAME,
            PRINCIPAL_URL,
            CALENDAR_HOME_SET,
            ADDRESSBOOK_HOME_SET,
            CALENDAR_USER_ADDRESS_SET));
      default -> out.add(DISPLAYNAME);
    }
    return out;
  }

  /** Writes property {@code name} of {@code n}; false if the node has no such property. */
  static boolean write(XmlWriter w, QName name, Node n, DavContext ctx, String user) {
    DavPath p = n.path();
    if (p instanceof DavPath.Resource r && (name.equals(GETETAG) || name.equals(GETCONTENTTYPE))) {
      return resource(w, name, n, r); // the common case, without the principal's href
    }
    String principal = ctx.href(new DavPath.Principal(user));
    if (name.equals(RESOURCETYPE)) {
      w.start(name);
      switch (p) {
        case DavPath.Resource r -> {}
        case DavPath.Principal pr -> w.empty(COLLECTION).empty(PRINCIPAL);
        case DavPath.Collection c -> w.empty(COLLECTION).empty(c.kind().resourceType());
        default -> w.empty(COLLECTION);
      }
      w.end(name);
      return true;
    }
    if (name.equals(CURRENT_USER_PRINCIPAL)) {
      w.start(name).element(dav("href"), principal).end(name);
      return true;
    }
    if (name.equals(CURRENT_USER_PRIVILEGE_SET)) {
      w.start(name);
      for (String priv : List.of(
          "read",
          "write",
          "write-properties",
          "write-content",
          "bind",
          "unbind",
          "read-current-user-privilege-set")) {
        w.start(dav("privilege")).empty(dav(priv)).end(dav("privilege"));
      }
      w.end(name);
      return true;
    }
    return switch (p) {
      case DavPath.Resource r -> resource(w, name, n, r);
      case DavPath.Collection c -> collection(w, name, n, c, principal, ctx.maxResourceBytes());
      case DavPath.Principal pr -> principal(w, name, ctx, pr, principal);
      case DavPath.Home h -> {
        if (name.equals(DISPLAYNAME)) {
          w.element(name, h.kind().home());
          yield true;
        }
        yield false;
      }
      case DavPath.Root root -> {
        if (name.equals(DISPLAYNAME)) {
          w.element(name, "Nymote");
          yield true;
        }
        yield false;
      }
    };
  }

  private static boolean resource(XmlWriter w, QName name, Node n, DavPath.Resource r) {
    if (name.equals(GETETAG) && n.id().isPresent()) {
      w.element(name, DavContext.etag(n.id().get()));
    } else if (name.equals(GETCONTENTTYPE)) {
      w.element(name, r.collection().kind().contentType());
    } else if (name.equals(GETCONTENTLENGTH)) {
      w.element(name, Integer.toString(n.body().get().length));
    } else {
      return false;
    }
    return true;
  }

  private static boolean principal(
      XmlWriter w, QName name, DavContext ctx, DavPath.Principal p, String principal) {
    if (name.equals(DISPLAYNAME)) {
      w.element(name, p.user());
    } else if (name.equals(PRINCIPAL_URL)) {
      w.start(name).element(dav("href"), principal).end(name);
    } else if (name.equals(CALENDAR_HOME_SET)) {
      w.start(name).element(dav("href"), ctx.href(new DavPath.Home(p.user(), Kind.CALENDAR)));
      w.end(name);
    } else if (name.equals(ADDRESSBOOK_HOME_SET)) {
      w.start(name).element(dav("href"), ctx.href(new DavPath.Home(p.user(), Kind.ADDRESSBOOK)));
      w.end(name);
    } else if (name.equals(CALENDAR_USER_ADDRESS_SET)) {
      w.start(name).element(dav("href"), principal).end(name);
    } else {
      return false;
    }
    return true;
  }

  private static boolean collection(
      XmlWriter w, QName name, Node n, DavPath.Collection c, String principal, int max) {
    CollectionMeta meta = n.meta().orElseThrow();
    boolean calendar = c.kind() == Kind.CALENDAR;
    if (name.equals(GETCTAG) && n.id().isPresent()) {
      w.element(name, n.id().get().name());
    } else if (name.equals(SYNC_TOKEN)) {
      w.element(name, n.syncToken());
    } else if (name.equals(OWNER)) {
      w.start(name).element(dav("href"), principal).end(name);
    } else if (name.equals(SUPPORTED_REPORT_SET)) {
      w.start(name);
      List<QName> reports = calendar
          ? List.of(CALENDAR_QUERY, CALENDAR_MULTIGET, FREE_BUSY_QUERY, SYNC_COLLECTION)
          : List.of(ADDRESSBOOK_QUERY, ADDRESSBOOK_MULTIGET, SYNC_COLLECTION);
      for (QName r : reports) {
        w.start(dav("supported-report")).start(dav("report")).empty(r).end(dav("report"));
        w.end(dav("supported-report"));
      }
      w.end(name);
    } else if (calendar && name.equals(SUPPORTED_CALENDAR_COMPONENT_SET)) {
      w.start(name);
      for (String comp : meta.components()) {
        w.emptyWith(caldav("comp"), "name", comp);
      }
      w.end(name);
    } else if (calendar && name.equals(SUPPORTED_CALENDAR_DATA)) {
      w.start(name)
          .emptyWithTwo(caldav("calendar-data"), "content-type", "text/calendar", "version", "2.0")
          .end(name);
    } else if (!calendar && name.equals(SUPPORTED_ADDRESS_DATA)) {
      w.start(name);
      w.emptyWithTwo(carddav("address-data-type"), "content-type", "text/vcard", "version", "3.0");
      w.emptyWithTwo(carddav("address-data-type"), "content-type", "text/vcard", "version", "4.0");
      w.end(name);
    } else if ((calendar && name.equals(CALENDAR_MAX_RESOURCE_SIZE))
        || (!calendar && name.equals(ADDRESSBOOK_MAX_RESOURCE_SIZE))) {
      w.element(name, Integer.toString(max));
    } else {
      return stored(w, name, meta);
    }
    return true;
  }

  /** A property kept in the metadata: a standard one by field, a dead one by its QName. */
  private static boolean stored(XmlWriter w, QName name, CollectionMeta meta) {
    var value = meta.find(field(name));
    value.ifPresent(v -> w.element(name, v));
    return value.isPresent();
  }

  /** The metadata field of a property. */
  static String field(QName name) {
    if (name.equals(DISPLAYNAME)) {
      return "displayname";
    }
    if (name.equals(CALENDAR_DESCRIPTION) || name.equals(ADDRESSBOOK_DESCRIPTION)) {
      return "description";
    }
    return name.toString();
  }

  /** Whether a property is computed, so that PROPPATCH may not set it (RFC 4918 §9.2). */
  static boolean isProtected(QName name) {
    return List.of(
            RESOURCETYPE,
            GETETAG,
            GETCONTENTTYPE,
            GETCONTENTLENGTH,
            GETCTAG,
            SYNC_TOKEN,
            CURRENT_USER_PRINCIPAL,
            CURRENT_USER_PRIVILEGE_SET,
            SUPPORTED_REPORT_SET,
            SUPPORTED_CALENDAR_DATA,
            SUPPORTED_ADDRESS_DATA,
            OWNER,
            PRINCIPAL_URL,
            CALENDAR_HOME_SET,
            ADDRESSBOOK_HOME_SET,
            CALENDAR_MAX_RESOURCE_SIZE,
            ADDRESSBOOK_MAX_RESOURCE_SIZE)
        .contains(name);
  }
}
