package org.nymote.dav.method;

import static org.nymote.dav.xml.Names.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.collection.CollectionIndex;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.ical.CalendarFilter;
import org.nymote.dav.ical.CalendarObject;
import org.nymote.dav.ical.Expand;
import org.nymote.dav.ical.FreeBusy;
import org.nymote.dav.ical.Partial;
import org.nymote.dav.ical.Span;
import org.nymote.dav.vcard.AddressFilter;
import org.nymote.dav.vcard.VCardObject;
import org.nymote.dav.xml.Multistatus;
import org.nymote.dav.xml.XmlReader;
import org.nymote.dav.xml.XmlWriter;
import org.nymote.store.Branch;
import org.nymote.store.Tree;
import org.w3c.dom.Element;

/**
 * REPORT: calendar-query, calendar-multiget and free-busy-query (RFC 4791 §7), addressbook-query
 * and addressbook-multiget (RFC 6352 §8), sync-collection (RFC 6578). Queries go through the
 * collection's index, which tests time ranges without parsing and parses only what a filter must
 * look inside.
 */
public final class Report {
  private Report() {}

  public static DavResponse handle(DavContext ctx, DavRequest r, DavPath target) {
    Element root =
        XmlReader.parse(r.body()).orElseThrow(() -> new DavException(400, "a REPORT needs a body"));
    QName report = XmlReader.name(root);
    Branch.Snapshot snap = ctx.store().snapshot(r.user());
    var q = new Query(ctx, r.user(), snap.tree(), DavContext.token(snap.head()), root);
    if (report.equals(SYNC_COLLECTION)) {
      return SyncCollection.handle(ctx, r, DavContext.collection(target), snap, q);
    }
    if (report.equals(CALENDAR_MULTIGET) || report.equals(ADDRESSBOOK_MULTIGET)) {
      return multiget(q, root);
    }
    DavPath.Collection c = DavContext.collection(target);
    if (report.equals(CALENDAR_QUERY) && c.kind() == Kind.CALENDAR) {
      return calendarQuery(q, c, root);
    }
    if (report.equals(FREE_BUSY_QUERY) && c.kind() == Kind.CALENDAR) {
      return freeBusy(q, c, root);
    }
    if (report.equals(ADDRESSBOOK_QUERY) && c.kind() == Kind.ADDRESSBOOK) {
      return addressbookQuery(q, c, root);
    }
    throw new DavException(403, dav("supported-report"), "unsupported report " + report);
  }

  /** What one REPORT reads: the snapshot, and the properties it asks for (read once). */
  static final class Query {
    private final DavContext ctx;
    private final String user;
    private final Tree tree;
    private final String token;
    private final Element root;
    private final List<QName> props;
    private final Optional<Element> dataRequest;
    private final Optional<Partial> partial;
    private final Map<DavPath.Collection, String> hrefs = new HashMap<>();
    // one response's properties, reused from one response to the next: a query writes thousands
    private final XmlWriter found = XmlWriter.fragment();
    private final List<QName> missing = new ArrayList<>();

    Query(DavContext ctx, String user, Tree tree, String token, Element root) {
      this.ctx = ctx;
      this.user = user;
      this.tree = tree;
      this.token = token;
      this.root = root;
      Optional<Element> prop = XmlReader.child(root, dav("prop"));
      this.props = prop.map(
              p -> XmlReader.children(p).stream().map(XmlReader::name).toList())
          .orElse(List.of(GETETAG));
      this.dataRequest = prop.flatMap(p -> XmlReader.child(p, CALENDAR_DATA));
      this.partial = dataRequest.flatMap(Partial::of);
      if (partial.isPresent() && !partial.get().name().equals("VCALENDAR")) {
        throw new DavException(
            400, "the CALDAV:comp of calendar-data must be VCALENDAR (RFC 4791 9.6.1)");
      }
    }

    DavContext ctx() {
      return ctx;
    }

    String user() {
      return user;
    }

    Tree tree() {
      return tree;
    }

    Element root() {
      return root;
    }

    List<QName> props() {
      return props;
    }

    Optional<Element> dataRequest() {
      return dataRequest;
    }

    /** A resource's href: its collection's, computed once per request, and its name. */
    String href(DavPath.Resource res) {
      return hrefs.computeIfAbsent(res.collection(), ctx::href) + DavPath.encode(res.name());
    }

    /** Writes one resource's response, with calendar-data or address-data when asked. */
    void describe(Multistatus ms, DavPath.Resource res, Optional<CalendarObject> parsed) {
      describe(ms, Propfind.node(ctx, tree, res, token), parsed);
    }

    /** A resource the index found: its blob id is known, so the tree is read only for data. */
    void describe(
        Multistatus ms,
        DavPath.Resource res,
        org.eclipse.jgit.lib.ObjectId blob,
        Optional<CalendarObject> parsed) {
      describe(
          ms,
          new Node(res, Optional.empty(), Optional.of(blob), () -> tree.get(res.store()), token),
          parsed);
    }

    private void describe(Multistatus ms, Node n, Optional<CalendarObject> parsed) {
      var res = (DavPath.Resource) n.path();
      found.clear();
      missing.clear();
      for (QName name : props()) {
        if (name.equals(CALENDAR_DATA) || name.equals(ADDRESS_DATA)) {
          found.element(name, data(res, n, parsed));
        } else if (!Props.write(found, name, n, ctx, user)) {
          missing.add(name);
        }
      }
      ms.propstat(href(res), found, missing);
    }

    private String data(DavPath.Resource res, Node n, Optional<CalendarObject> parsed) {
      Optional<Element> expand = dataRequest.flatMap(d -> XmlReader.child(d, caldav("expand")));
      boolean calendar = res.collection().kind() == Kind.CALENDAR;
      String text;
      if (expand.isPresent() && calendar) {
        var o = parsed.orElseGet(() -> CalendarObject.parse(n.body().get()));
        text = Expand.expand(o, CalendarFilter.timeRange(expand.get()));
      } else {
        text = new String(n.body().get(), StandardCharsets.UTF_8);
      }
      return calendar && partial.isPresent() ? partial.get().apply(text) : text;
    }
  }

  private static DavResponse multiget(Query q, Element root) {
    var ms = new Multistatus();
    for (Element href : XmlReader.all(root, dav("href"))) {
      DavPath p;
      try {
        p = q.ctx().resolve(href.getTextContent());
      } catch (DavException e) {
        ms.status(href.getTextContent().strip(), 404);
        continue;
      }
      if (!(p instanceof DavPath.Resource res)
          || !res.collection().user().equals(q.user())
          || !q.tree().hasValue(res.store())) {
        ms.status(
            href.getTextContent().strip(),
            p.owner().map(q.user()::equals).orElse(true) ? 404 : 403);
        continue;
      }
      q.describe(ms, res, Optional.empty());
    }
    return DavResponse.xml(207, ms.finish());
  }

  private static DavResponse calendarQuery(Query q, DavPath.Collection c, Element root) {
    q.ctx().store().getMeta(q.tree(), c);
    CalendarFilter filter = XmlReader.child(root, caldav("filter"))
        .map(CalendarFilter::parse)
        .orElseThrow(() -> new DavException(403, caldav("valid-filter"), "a filter is required"));
    var index = q.ctx().store().calendarIndex(q.user(), q.tree(), c.id());
    boolean onlyTimeRange = filter.onlyTimeRange();
    Optional<Span> first = filter.firstRange();
    // the matches are found and written as the client reads them: a year of a large calendar
    // is thousands of responses
    return DavResponse.streamedXml(207, out -> {
      var ms = new Multistatus();
      Map<String, Optional<Optional<Span>>> byType = new HashMap<>(); // empty: cannot match
      Iterable<Map.Entry<String, CollectionIndex.Item<CalendarObject>>> candidates =
          first.isPresent() ? index.overlapping(first.get()) : index.items().entrySet();
      for (var e : candidates) {
        var item = e.getValue();
        Optional<Optional<Span>> test = byType.computeIfAbsent(
            item.type(),
            type -> filter.mayMatchType(type)
                ? Optional.of(filter.componentRange(type))
                : Optional.empty());
        if (test.isEmpty()) {
          continue;
        }
        Optional<Span> range = test.get();
        if (range.isPresent() && !item.bound().overlaps(range.get())) {
          continue;
        }
        Optional<CalendarObject> parsed = Optional.empty();
        if (!(onlyTimeRange && !item.recurs())) {
          CalendarObject o = q.ctx().store().calendars().parsed(index, e.getKey());
          if (!filter.matches(o)) {
            continue;
          }
          parsed = Optional.of(o);
        }
        q.describe(ms, c.resource(e.getKey()), item.blob(), parsed);
        ms.flushIfFull(out);
      }
      ms.finish(out);
    });
  }

  private static DavResponse freeBusy(Query q, DavPath.Collection c, Element root) {
    Span range = XmlReader.child(root, caldav("time-range"))
        .map(CalendarFilter::timeRange)
        .orElseThrow(() -> new DavException(400, "free-busy-query needs a time-range"));
    var index = q.ctx().store().calendarIndex(q.user(), q.tree(), c.id());
    List<CalendarObject> candidates = new ArrayList<>();
    for (var e : index.overlapping(range)) {
      if (e.getValue().type().equals("VEVENT")) {
        candidates.add(q.ctx().store().calendars().parsed(index, e.getKey()));
      }
    }
    return new DavResponse(
        200,
        java.util.Map.of("Content-Type", Kind.CALENDAR.contentType()),
        FreeBusy.of(candidates, range).getBytes(StandardCharsets.UTF_8));
  }

  private static DavResponse addressbookQuery(Query q, DavPath.Collection c, Element root) {
    q.ctx().store().getMeta(q.tree(), c);
    AddressFilter filter = XmlReader.child(root, carddav("filter"))
        .map(AddressFilter::parse)
        .orElse(new AddressFilter(false, List.of()));
    int limit = XmlReader.child(root, carddav("limit"))
        .flatMap(l -> XmlReader.child(l, carddav("nresults")))
        .map(n -> parseLimit(n.getTextContent()))
        .orElse(Integer.MAX_VALUE);
    CollectionIndex.Snapshot<VCardObject> index =
        q.ctx().store().cardIndex(q.user(), q.tree(), c.id());
    var ms = new Multistatus();
    int count = 0;
    for (String name : new java.util.TreeSet<>(index.items().keySet())) {
      if (count == limit) {
        break;
      }
      if (filter.matches(q.ctx().store().cards().parsed(index, name))) {
        q.describe(ms, c.resource(name), Optional.empty());
        count++;
      }
    }
    return DavResponse.xml(207, ms.finish());
  }

  private static int parseLimit(String text) {
    try {
      return Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      throw new DavException(400, "nresults must be a number");
    }
  }
}
