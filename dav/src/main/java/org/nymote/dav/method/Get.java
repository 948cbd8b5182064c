package org.nymote.dav.method;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.merge.ContentLines;
import org.nymote.store.Path;
import org.nymote.store.Tree;
import org.nymote.store.internal.Dir;

/**
 * GET and HEAD (RFC 4918 §9.4): a resource as stored, with its ETag; a collection as one file (all
 * its events in one VCALENDAR, or its vCards one after another), which is what export uses.
 */
public final class Get {
  private Get() {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    Tree tree = ctx.store().snapshot(r.user()).tree();
    return switch (target) {
      case DavPath.Resource res -> {
        Path at = res.store();
        byte[] body =
            tree.find(at).orElseThrow(() -> new DavException(404, "no resource " + res.name()));
        var id = tree.findId(at).orElseThrow();
        Conditions.check(r, java.util.Optional.of(id));
        yield new DavResponse(
            200,
            Map.of(
                "Content-Type", res.collection().kind().contentType(),
                "ETag", DavContext.etag(id)),
            body);
      }
      case DavPath.Collection c -> {
        ctx.store().getMeta(tree, c);
        String text = whole(tree, c);
        yield new DavResponse(
            200,
            Map.of(
                "Content-Type", c.kind().contentType(),
                "ETag", DavContext.etag(tree.findId(c.store()).orElseThrow())),
            text.getBytes(StandardCharsets.UTF_8));
      }
      default -> DavResponse.text(200, "Nymote CalDAV and CardDAV; point your client here.");
    };
  }

  /** Every resource of a collection as one iCalendar stream or vCard file. */
  static String whole(Tree tree, DavPath.Collection c) {
    List<byte[]> bodies = new ArrayList<>();
    if (tree.findEntry(c.store()).orElse(null) instanceof Dir d) {
      for (var e : d.node().entries()) {
        if (!e.getKey().startsWith(".") && !(e.getValue() instanceof Dir)) {
          bodies.add(tree.get(c.store().child(e.getKey())));
        }
      }
    }
    if (c.kind() == Kind.ADDRESSBOOK) {
      var out = new StringBuilder();
      for (byte[] b : bodies) {
        out.append(ContentLines.write(ContentLines.parse(b)));
      }
      return out.toString();
    }
    Map<String, ContentLines.Item> zones = new LinkedHashMap<>();
    List<ContentLines.Item> items = new ArrayList<>();
    items.add(new ContentLines.Line("VERSION", "VERSION:2.0"));
    items.add(new ContentLines.Line("PRODID", "PRODID:-//Nymote//DAV//EN"));
    for (byte[] b : bodies) {
      for (ContentLines.Block cal : ContentLines.parse(b)) {
        for (ContentLines.Block comp : cal.blocks()) {
          if (comp.name().equals("VTIMEZONE")) {
            zones.putIfAbsent(comp.value("TZID"), comp);
          } else {
            items.add(comp);
          }
        }
      }
    }
    items.addAll(2, zones.values());
    return ContentLines.write(List.of(new ContentLines.Block("VCALENDAR", items)));
  }
}
