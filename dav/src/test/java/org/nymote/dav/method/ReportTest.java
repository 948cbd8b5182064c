package org.nymote.dav.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nymote.dav.Dav;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.dav.merge.DavContents;
import org.nymote.store.Repo;
import org.nymote.store.Schema;

/**
 * REPORT on a real store, in process: partial calendar-data (RFC 4791 §9.6.1 to §9.6.4) and
 * param-filter (§9.7.3). End to end over HTTP with real clients is in the server's DAV tests.
 */
class ReportTest {
  static final String CAL = "/dav/u/calendars/default/";
  static Path dir;
  static Repo repo;
  static Dav dav;

  static final String MEETING = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
      + "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
      + "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
      + "BEGIN:VEVENT\r\nUID:meeting\r\nDTSTAMP:20260101T000000Z\r\n"
      + "DTSTART;TZID=Europe/Paris:20270310T100000\r\nDURATION:PT1H\r\nSUMMARY:Budget\r\n"
      + "DESCRIPTION:the long text\r\n"
      + "ATTENDEE;PARTSTAT=ACCEPTED;CN=Ann:mailto:ann@example.org\r\n"
      + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nDESCRIPTION:soon\r\nEND:VALARM\r\n"
      + "END:VEVENT\r\nEND:VCALENDAR\r\n";

  static final String LUNCH = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
      + "BEGIN:VEVENT\r\nUID:lunch\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20270311T120000Z\r\n"
      + "DURATION:PT1H\r\nSUMMARY:Lunch\r\n"
      + "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.org\r\n"
      + "END:VEVENT\r\nEND:VCALENDAR\r\n";

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("dav-report");
    repo = Repo.openOrInit(dir, DavContents.rules(Schema.builder()).build());
    dav = new Dav("/dav", u -> repo, "test", Dav.MAX_RESOURCE_BYTES);
    assertThat(dav.handle(req("PUT", CAL + "meeting.ics", MEETING)).status()).isEqualTo(201);
    assertThat(dav.handle(req("PUT", CAL + "lunch.ics", LUNCH)).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    repo.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static DavRequest req(String method, String path, String body) {
    return new DavRequest(
        method,
        path,
        Map.of("Depth", "1", "Content-Type", "text/calendar"),
        body.getBytes(StandardCharsets.UTF_8),
        "u");
  }

  static String report(String body) {
    DavResponse r = dav.handle(req("REPORT", CAL, body));
    assertThat(r.status()).isEqualTo(207);
    return new String(r.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void partialCalendarDataKeepsOnlyTheComponentsAndPropertiesAskedFor() {
    String body =
        report("<C:calendar-multiget xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'>"
            + "<D:prop><C:calendar-data><C:comp name='VCALENDAR'><C:prop name='VERSION'/>"
            + "<C:comp name='VEVENT'><C:prop name='UID'/><C:prop name='DTSTART'/>"
            + "<C:prop name='ATTENDEE' novalue='yes'/></C:comp></C:comp></C:calendar-data></D:prop>"
            + "<D:href>" + CAL + "meeting.ics</D:href></C:calendar-multiget>");

    assertThat(body)
        .contains("VERSION:2.0", "UID:meeting", "DTSTART;TZID=Europe/Paris:20270310T100000")
        .contains("ATTENDEE;PARTSTAT=ACCEPTED;CN=Ann:&#13;")
        .doesNotContain("PRODID", "SUMMARY", "DESCRIPTION", "VALARM", "VTIMEZONE", "ann@");
  }

  @Test
  void allcompAndAllpropKeepEverythingBelow() {
    String body =
        report("<C:calendar-multiget xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'>"
            + "<D:prop><C:calendar-data><C:comp name='VCALENDAR'><C:allprop/><C:comp name='VEVENT'>"
            + "<C:prop name='SUMMARY'/><C:allcomp/></C:comp></C:comp></C:calendar-data></D:prop>"
            + "<D:href>" + CAL + "meeting.ics</D:href></C:calendar-multiget>");

    assertThat(body)
        .contains("PRODID:-//test//EN", "SUMMARY:Budget", "BEGIN:VALARM", "TRIGGER:-PT10M")
        .doesNotContain("UID:meeting", "BEGIN:VTIMEZONE");
  }

  @Test
  void aTopCompOtherThanVcalendarIsRefused() {
    DavResponse r = dav.handle(req(
        "REPORT",
        CAL,
        "<C:calendar-multiget xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'>"
            + "<D:prop><C:calendar-data><C:comp name='VEVENT'/></C:calendar-data></D:prop>"
            + "<D:href>" + CAL + "meeting.ics</D:href></C:calendar-multiget>"));
    assertThat(r.status()).isEqualTo(400);
  }

  static String attendeeQuery(String paramFilter) {
    return report("<C:calendar-query xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:caldav'>"
        + "<D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name='VCALENDAR'>"
        + "<C:comp-filter name='VEVENT'><C:prop-filter name='ATTENDEE'>" + paramFilter
        + "</C:prop-filter></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>");
  }

  @Test
  void paramFilterTestsAParameterOfTheProperty() {
    assertThat(attendeeQuery(
            "<C:param-filter name='PARTSTAT'><C:text-match>NEEDS-ACTION</C:text-match>"
                + "</C:param-filter>"))
        .contains("lunch.ics")
        .doesNotContain("meeting.ics");
    assertThat(attendeeQuery("<C:param-filter name='CN'/>"))
        .contains("meeting.ics")
        .doesNotContain("lunch.ics");
    assertThat(attendeeQuery("<C:param-filter name='CN'><C:is-not-defined/></C:param-filter>"))
        .contains("lunch.ics")
        .doesNotContain("meeting.ics");
  }
}
