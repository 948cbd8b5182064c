package org.nymote.server.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.server.dav.DavClient.card;
import static org.nymote.server.dav.DavClient.event;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;

/**
 * WebDAV, CalDAV and CardDAV as the RFCs word them, against the real {@code nymote serve} over
 * real HTTP: discovery, conditional writes, preconditions, queries with recurrence, sync tokens,
 * and bad input (invalid data, XXE, oversized bodies, another user's collections).
 */
class DavProtocolTest {
  private static final String CAL = "/dav/alice/calendars/default/";
  private static final String BOOK = "/dav/alice/contacts/default/";

  @TempDir
  static Path temp;

  static NymoteProcess nymote;
  static DavClient alice;
  static DavClient bob;

  @BeforeAll
  static void start() throws Exception {
    Path home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    var added = NymoteProcess.run(home, "bob-password\n", "user", "add", "bob", "--password-stdin");
    assertThat(added.exitCode()).as(added.stderr()).isZero();
    alice = new DavClient(nymote.port("http"), "alice", nymote.password().orElseThrow());
    bob = new DavClient(nymote.port("http"), "bob", "bob-password");
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void optionsNamesTheDavClasses() throws Exception {
    var r = alice.send("OPTIONS", "/dav/", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("DAV").orElseThrow())
        .contains("1", "3", "calendar-access", "addressbook", "extended-mkcol");
  }

  @Test
  void wellKnownRedirectsAndDiscoveryFindsTheDefaultCollections() throws Exception {
    var redirect = alice.send("PROPFIND", "/.well-known/caldav", null);
    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("Location")).hasValue("/dav/");

    var root = alice.propfind(
        "/dav/", 0, "<propfind xmlns='DAV:'><prop><current-user-principal/></prop></propfind>");
    assertThat(root.statusCode()).isEqualTo(207);
    assertThat(root.body()).contains("<D:href>/dav/alice/</D:href>");

    var principal = alice.propfind(
        "/dav/alice/",
        0,
        "<propfind xmlns='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'"
            + " xmlns:R='urn:ietf:params:xml:ns:carddav'><prop><C:calendar-home-set/>"
            + "<R:addressbook-home-set/><principal-URL/></prop></propfind>");
    assertThat(principal.body())
        .contains("/dav/alice/calendars/", "/dav/alice/contacts/", "principal-URL");

    var homes = alice.propfind(
        "/dav/alice/contacts/",
        1,
        "<propfind xmlns='DAV:'><prop><resourcetype/><getctag xmlns='http://calendarserver.org/ns/'/>"
            + "</prop></propfind>");
    assertThat(homes.body()).contains(BOOK, "<CR:addressbook/>", "CS:getctag");
  }

  @Test
  void putGetAndConditionalWritesUseTheBlobIdAsStrongEtag() throws Exception {
    String path = CAL + "cond.ics";
    var created = alice.put(
        path, event("cond", "DTSTART:20260301T100000Z\r\nSUMMARY:a\r\n"), "If-None-Match", "*");
    assertThat(created.statusCode()).isEqualTo(201);
    String etag = created.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{40}\"");

    var get = alice.send("GET", path, null);
    assertThat(get.headers().firstValue("ETag")).hasValue(etag);
    assertThat(get.body()).contains("SUMMARY:a");

    var again =
        alice.put(path, event("cond", "DTSTART:20260301T100000Z\r\n"), "If-None-Match", "*");
    assertThat(again.statusCode()).isEqualTo(412);
    var stale = alice.put(
        path,
        event("cond", "DTSTART:20260301T100000Z\r\n"),
        "If-Match",
        "\"0000000000000000000000000000000000000000\"");
    assertThat(stale.statusCode()).isEqualTo(412);
    var replaced = alice.put(
        path, event("cond", "DTSTART:20260301T100000Z\r\nSUMMARY:b\r\n"), "If-Match", etag);
    assertThat(replaced.statusCode()).isEqualTo(204);
    assertThat(alice.send("GET", path, null).body()).contains("SUMMARY:b");

    assertThat(alice.send("DELETE", path, null, "If-Match", etag).statusCode()).isEqualTo(412);
    assertThat(alice.send("DELETE", path, null).statusCode()).isEqualTo(204);
    assertThat(alice.send("GET", path, null).statusCode()).isEqualTo(404);
  }

  @Test
  void invalidDataIsRefusedWithTheRfcPrecondition() throws Exception {
    var ics = alice.put(CAL + "bad.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n");
    assertThat(ics.statusCode()).isEqualTo(403);
    assertThat(ics.body()).contains("valid-calendar-data");

    var noUid = alice.put(
        CAL + "nouid.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
            + "BEGIN:VEVENT\r\nDTSTART:20260101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    assertThat(noUid.statusCode()).isEqualTo(403);
    assertThat(noUid.body()).contains("valid-calendar-data");

    var vcf = alice.put(BOOK + "bad.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\nEND:VCARD\r\n");
    assertThat(vcf.statusCode()).isEqualTo(403);
    assertThat(vcf.body()).contains("valid-address-data");

    assertThat(alice.send("GET", CAL + "bad.ics", null).statusCode()).isEqualTo(404);
  }

  @Test
  void aSecondResourceWithTheSameUidIsRefused() throws Exception {
    assertThat(alice
            .put(CAL + "one.ics", event("dup", "DTSTART:20260101T100000Z\r\n"))
            .statusCode())
        .isEqualTo(201);

    var second = alice.put(CAL + "two.ics", event("dup", "DTSTART:20260101T100000Z\r\n"));

    assertThat(second.statusCode()).isEqualTo(403);
    assertThat(second.body()).contains("no-uid-conflict", CAL + "one.ics");
  }

  @Test
  void mkcalendarProppatchAndPropfindRoundTrip() throws Exception {
    var made = alice.send(
        "MKCALENDAR",
        "/dav/alice/calendars/tasks/",
        "<C:mkcalendar xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'><D:set><D:prop>"
            + "<D:displayname>Tasks</D:displayname><C:supported-calendar-component-set>"
            + "<C:comp name='VTODO'/></C:supported-calendar-component-set></D:prop></D:set>"
            + "</C:mkcalendar>");
    assertThat(made.statusCode()).isEqualTo(201);
    assertThat(alice.send("MKCALENDAR", "/dav/alice/calendars/tasks/", null).statusCode())
        .isEqualTo(405);

    var patched = alice.send(
        "PROPPATCH",
        "/dav/alice/calendars/tasks/",
        "<D:propertyupdate xmlns:D='DAV:' xmlns:A='http://apple.com/ns/ical/'><D:set><D:prop>"
            + "<A:calendar-color>#ff0000</A:calendar-color></D:prop></D:set></D:propertyupdate>");
    assertThat(patched.statusCode()).isEqualTo(207);
    assertThat(patched.body()).contains("200 OK");

    var props = alice.propfind(
        "/dav/alice/calendars/tasks/",
        0,
        "<D:propfind xmlns:D='DAV:' xmlns:A='http://apple.com/ns/ical/'><D:prop><D:displayname/>"
            + "<A:calendar-color/></D:prop></D:propfind>");
    assertThat(props.body()).contains("Tasks", "#ff0000");

    var event = alice.put(
        "/dav/alice/calendars/tasks/e.ics", event("e", "DTSTART:20260101T1000" + "00Z\r\n"));
    assertThat(event.statusCode()).isEqualTo(403);
    assertThat(event.body()).contains("supported-calendar-component");

    var protectedProp = alice.send(
        "PROPPATCH",
        "/dav/alice/calendars/tasks/",
        "<D:propertyupdate xmlns:D='DAV:'><D:set><D:prop><D:getetag>x</D:getetag></D:prop>"
            + "</D:set></D:propertyupdate>");
    assertThat(protectedProp.body()).contains("403 Forbidden");
  }

  @Test
  void copyAndMoveBetweenCalendars() throws Exception {
    alice.send(
        "MKCOL",
        "/dav/alice/calendars/other/",
        "<D:mkcol xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'><D:set><D:prop>"
            + "<D:resourcetype><D:collection/><C:calendar/></D:resourcetype></D:prop></D:set>"
            + "</D:mkcol>");
    alice.put(CAL + "mv.ics", event("mv", "DTSTART:20260101T100000Z\r\n"));

    var moved = alice.send(
        "MOVE",
        CAL + "mv.ics",
        null,
        "Destination",
        alice.base() + "/dav/alice/calendars/other/mv.ics");

    assertThat(moved.statusCode()).isEqualTo(201);
    assertThat(alice.send("GET", CAL + "mv.ics", null).statusCode()).isEqualTo(404);
    assertThat(alice.send("GET", "/dav/alice/calendars/other/mv.ics", null).body())
        .contains("UID:mv");
    var copyHere = alice.send(
        "COPY",
        "/dav/alice/calendars/other/mv.ics",
        null,
        "Destination",
        "/dav/alice/calendars/other/mv2.ics");
    assertThat(copyHere.statusCode()).isEqualTo(403);
  }

  @Test
  void calendarQueryExpandsRecurrenceWithExdateOverridesAndTimeZones() throws Exception {
    String weekly = "DTSTART;TZID=Europe/Berlin:20260105T100000\r\n"
        + "DTEND;TZID=Europe/Berlin:20260105T110000\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\n"
        + "EXDATE;TZID=Europe/Berlin:20260112T100000\r\nSUMMARY:weekly\r\nEND:VEVENT\r\n"
        + "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTAMP:20260101T000000Z\r\n"
        + "RECURRENCE-ID;TZID=Europe/Berlin:20260119T100000\r\n"
        + "DTSTART;TZID=Europe/Berlin:20260119T150000\r\n"
        + "DTEND;TZID=Europe/Berlin:20260119T160000\r\nSUMMARY:moved\r\n";
    assertThat(alice.put(CAL + "weekly.ics", event("weekly", weekly)).statusCode())
        .isEqualTo(201);
    alice.put(CAL + "once.ics", event("once", "DTSTART:20260301T100000Z\r\nSUMMARY:once\r\n"));

    // 12 Jan is excluded; 19 Jan moved to 14:00 UTC.
    assertThat(query("20260112T000000Z", "20260113T000000Z")).doesNotContain("weekly.ics");
    assertThat(query("20260119T085000Z", "20260119T100000Z")).doesNotContain("weekly.ics");
    assertThat(query("20260119T140000Z", "20260119T143000Z")).contains("weekly.ics");
    assertThat(query("20260126T090000Z", "20260126T093000Z")).contains("weekly.ics");
    assertThat(query("20260401T000000Z", "20260501T000000Z"))
        .doesNotContain("weekly.ics", "once.ics");
    assertThat(query("20260301T000000Z", "20260302T000000Z")).contains("once.ics");

    String expanded = alice
        .report(
            CAL,
            "<C:calendar-query xmlns:D='DAV:'"
                + " xmlns:C='urn:ietf:params:xml:ns:caldav'><D:prop><C:calendar-data>"
                + "<C:expand start='20260110T000000Z' end='20260127T000000Z'/></C:calendar-data>"
                + "</D:prop>" + filter("20260110T000000Z", "20260127T000000Z")
                + "</C:calendar-query>")
        .body();
    assertThat(expanded)
        .contains(
            "RECURRENCE-ID:20260119T090000Z",
            "DTSTART:20260119T140000Z",
            "DTSTART:20260126T090000Z")
        .doesNotContain("RRULE", "20260112T090000Z");
  }

  @Test
  void freeBusyListsBusyTime() throws Exception {
    alice.put(
        CAL + "busy.ics",
        event("busy", "DTSTART:20270105T100000Z\r\n" + "DTEND:20270105T110000Z\r\n"));
    alice.put(
        CAL + "free.ics",
        event(
            "free",
            "DTSTART:20270105T120000Z\r\n" + "DTEND:20270105T130000Z\r\nTRANSP:TRANSPARENT\r\n"));

    var fb = alice.report(
        CAL,
        "<C:free-busy-query xmlns:C='urn:ietf:params:xml:ns:caldav'>"
            + "<C:time-range start='20270105T000000Z' end='20270106T000000Z'/></C:free-busy-query>");

    assertThat(fb.statusCode()).isEqualTo(200);
    assertThat(fb.body())
        .contains("BEGIN:VFREEBUSY", "20270105T100000Z/20270105T110000Z")
        .doesNotContain("20270105T120000Z/");
  }

  @Test
  void addressbookQueryAndMultiget() throws Exception {
    alice.put(BOOK + "ann.vcf", card("ann", "Ann Smith", "EMAIL:ann@example.org\r\n"));
    alice.put(BOOK + "bo.vcf", card("bo", "Bo Jones", "EMAIL:bo@example.org\r\n"));

    var q = alice.report(
        BOOK,
        "<R:addressbook-query xmlns:D='DAV:'"
            + " xmlns:R='urn:ietf:params:xml:ns:carddav'><D:prop><D:getetag/><R:address-data/>"
            + "</D:prop><R:filter><R:prop-filter name='FN'><R:text-match match-type='contains'>"
            + "smith</R:text-match></R:prop-filter></R:filter></R:addressbook-query>");
    assertThat(q.body()).contains("ann.vcf", "FN:Ann Smith").doesNotContain("bo.vcf");

    var m = alice.report(
        BOOK,
        "<R:addressbook-multiget xmlns:D='DAV:'"
            + " xmlns:R='urn:ietf:params:xml:ns:carddav'><D:prop><R:address-data/></D:prop>"
            + "<D:href>" + BOOK + "bo.vcf</D:href><D:href>" + BOOK + "none.vcf</D:href>"
            + "</R:addressbook-multiget>");
    assertThat(m.body()).contains("FN:Bo Jones", "none.vcf", "404 Not Found");
  }

  @Test
  void syncCollectionReportsOnlyWhatChangedSinceAnyToken() throws Exception {
    String book = "/dav/alice/contacts/sync/";
    assertThat(alice.send("MKCOL", book, null).statusCode()).isEqualTo(201);
    alice.put(book + "a.vcf", card("a", "A", ""));
    alice.put(book + "b.vcf", card("b", "B", ""));
    String first = sync(book, "");
    assertThat(first).contains("a.vcf", "b.vcf");
    String token = token(first);

    alice.put(book + "c.vcf", card("c", "C", ""));
    alice.send("DELETE", book + "a.vcf", null);
    String second = sync(book, token);

    assertThat(second).contains("c.vcf", "a.vcf").doesNotContain("b.vcf");
    assertThat(second).containsPattern("a.vcf</D:href><D:status>HTTP/1.1 404");
    assertThat(token(second)).isNotEqualTo(token);
    assertThat(sync(book, token(second))).doesNotContain("<D:response>");
    // The first token still works after later changes: it names a commit.
    assertThat(sync(book, token)).contains("c.vcf");

    var bad = alice.report(book, syncBody("http://nymote.org/ns/sync/" + "1".repeat(40)));
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).contains("valid-sync-token");
  }

  @Test
  void xmlWithADoctypeOrExternalEntityIsRefusedAndNeverResolved() throws Exception {
    Path secret = temp.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    var xxe = alice.propfind(
        "/dav/alice/",
        0,
        "<?xml version='1.0'?><!DOCTYPE p [<!ENTITY x"
            + " SYSTEM 'file://" + secret + "'>]><propfind xmlns='DAV:'><prop><displayname>&x;"
            + "</displayname></prop></propfind>");
    assertThat(xxe.statusCode()).isEqualTo(400);
    assertThat(xxe.body()).doesNotContain("TOP-SECRET-CONTENT");

    var bomb = alice.propfind(
        "/dav/alice/",
        0,
        "<?xml version='1.0'?><!DOCTYPE p [<!ENTITY a"
            + " 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]><propfind xmlns='DAV:'>"
            + "<prop><displayname>&b;</displayname></prop></propfind>");
    assertThat(bomb.statusCode()).isEqualTo(400);
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    String big =
        event("big", "DTSTART:20260101T100000Z\r\nDESCRIPTION:" + "x".repeat(2 << 20) + "\r\n");
    assertThat(alice.put(CAL + "big.ics", big).statusCode()).isEqualTo(413);
    String huge = "x".repeat(5 << 20);
    // several times: a server that answered before reading the body would, now and then, reset
    // the client's connection while it was still sending, and the client would never see the 413
    for (int i = 0; i < 8; i++) {
      assertThat(alice.put(CAL + "huge.ics", huge).statusCode()).isEqualTo(413);
    }
  }

  @Test
  void oneUserNeverReachesAnothersCollections() throws Exception {
    alice.put(BOOK + "private.vcf", card("private", "Private Person", ""));

    assertThat(bob.send("GET", BOOK + "private.vcf", null).statusCode()).isEqualTo(403);
    assertThat(bob.propfind("/dav/alice/contacts/", 1, null).statusCode()).isEqualTo(403);
    assertThat(bob.put(BOOK + "x.vcf", card("x", "X", "")).statusCode()).isEqualTo(403);
    var multiget = bob.report(
        "/dav/bob/contacts/default/",
        "<R:addressbook-multiget"
            + " xmlns:D='DAV:' xmlns:R='urn:ietf:params:xml:ns:carddav'><D:prop><R:address-data/>"
            + "</D:prop><D:href>" + BOOK + "private.vcf</D:href></R:addressbook-multiget>");
    assertThat(multiget.body()).doesNotContain("Private Person");
    var anonymous = new DavClient(nymote.port("http"), "alice", "wrong")
        .send("GET", BOOK + "private.vcf", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void propnameAllpropAndHeadDescribeAResource() throws Exception {
    alice.put(CAL + "desc.ics", event("desc", "DTSTART:20260101T100000Z\r\n"));

    var names =
        alice.propfind(CAL + "desc.ics", 0, "<propfind xmlns='DAV:'><propname/></propfind>");
    var all = alice.propfind(CAL + "desc.ics", 0, "<propfind xmlns='DAV:'><allprop/></propfind>");
    var head = alice.send("HEAD", CAL + "desc.ics", null);

    assertThat(names.body()).contains("<D:getetag/>", "<D:getcontenttype/>");
    assertThat(all.body())
        .containsPattern("<D:getetag>\"[0-9a-f]{40}\"</D:getetag>")
        .contains("text/calendar");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("ETag")).isPresent();
    var infinite = alice.send("PROPFIND", CAL, null, "Depth", "infinity");
    assertThat(infinite.statusCode()).isEqualTo(403);
    assertThat(infinite.body()).contains("propfind-finite-depth");
  }

  @Test
  void todosAndJournalsAreFoundByTheirOwnDates() throws Exception {
    alice.put(
        CAL + "todo.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VTODO\r\n"
            + "UID:todo\r\nDTSTAMP:20260101T000000Z\r\nDUE:20280301T120000Z\r\nSUMMARY:pay\r\n"
            + "END:VTODO\r\nEND:VCALENDAR\r\n");
    alice.put(
        CAL + "journal.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
            + "BEGIN:VJOURNAL\r\nUID:journal\r\nDTSTAMP:20260101T000000Z\r\n"
            + "DTSTART;VALUE=DATE:20280302\r\nSUMMARY:notes\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n");

    String todos = typed("VTODO", "20280301T000000Z", "20280302T000000Z");
    String journals = typed("VJOURNAL", "20280302T000000Z", "20280303T000000Z");

    assertThat(todos).contains("todo.ics").doesNotContain("journal.ics");
    assertThat(journals).contains("journal.ics").doesNotContain("todo.ics");
    assertThat(typed("VTODO", "20290101T000000Z", "20290102T000000Z")).doesNotContain("todo.ics");
  }

  private static String typed(String type, String start, String end) throws Exception {
    return alice
        .report(
            CAL,
            "<C:calendar-query xmlns:D='DAV:'"
                + " xmlns:C='urn:ietf:params:xml:ns:caldav'><D:prop><D:getetag/></D:prop><C:filter>"
                + "<C:comp-filter name='VCALENDAR'><C:comp-filter name='" + type + "'>"
                + "<C:time-range start='" + start + "' end='" + end + "'/></C:comp-filter>"
                + "</C:comp-filter></C:filter></C:calendar-query>")
        .body();
  }

  private static String query(String start, String end) throws Exception {
    var r = alice.report(
        CAL,
        "<C:calendar-query xmlns:D='DAV:'"
            + " xmlns:C='urn:ietf:params:xml:ns:caldav'><D:prop><D:getetag/></D:prop>"
            + filter(start, end) + "</C:calendar-query>");
    assertThat(r.statusCode()).isEqualTo(207);
    return r.body();
  }

  private static String filter(String start, String end) {
    return "<C:filter><C:comp-filter name='VCALENDAR'><C:comp-filter name='VEVENT'>"
        + "<C:time-range start='" + start + "' end='" + end + "'/></C:comp-filter>"
        + "</C:comp-filter></C:filter>";
  }

  private static String sync(String collection, String token) throws Exception {
    var r = alice.report(collection, syncBody(token));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
    return r.body();
  }

  private static String syncBody(String token) {
    return "<D:sync-collection xmlns:D='DAV:'><D:sync-token>" + token + "</D:sync-token>"
        + "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>";
  }

  private static String token(String body) {
    var m = Pattern.compile("<D:sync-token>([^<]+)</D:sync-token>").matcher(body);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
