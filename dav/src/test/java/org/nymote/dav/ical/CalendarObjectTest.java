package org.nymote.dav.ical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nymote.dav.DavException;

class CalendarObjectTest {
  static CalendarObject parse(String components) {
    return CalendarObject.parse(
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + components + "END:VCALENDAR\r\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  static Span range(String start, String end) {
    return new Span(Instant.parse(start), Instant.parse(end));
  }

  static final CalendarObject WEEKLY = parse("BEGIN:VEVENT\r\nUID:w\r\n"
      + "DTSTART;TZID=America/New_York:20260302T090000\r\n"
      + "DTEND;TZID=America/New_York:20260302T100000\r\nRRULE:FREQ=WEEKLY;UNTIL=20260401T000000Z\r\n"
      + "EXDATE;TZID=America/New_York:20260316T090000\r\n"
      + "RDATE;TZID=America/New_York:20260501T090000\r\nEND:VEVENT\r\n"
      + "BEGIN:VEVENT\r\nUID:w\r\nRECURRENCE-ID;TZID=America/New_York:20260323T090000\r\n"
      + "DTSTART;TZID=America/New_York:20260324T090000\r\n"
      + "DTEND;TZID=America/New_York:20260324T100000\r\nEND:VEVENT\r\n");

  @Test
  void instancesFollowTheTimeZoneAcrossADaylightSavingChange() {
    // New York moves to EDT on 8 March 2026: 09:00 is 14:00 UTC before, 13:00 UTC after.
    var all = WEEKLY.instances(range("2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z"));

    assertThat(all)
        .extracting(i -> i.span().start())
        .containsExactlyInAnyOrder(
            Instant.parse("2026-03-02T14:00:00Z"),
            Instant.parse("2026-03-09T13:00:00Z"),
            Instant.parse("2026-03-24T13:00:00Z"), // the override, a day later
            Instant.parse("2026-03-30T13:00:00Z"),
            Instant.parse("2026-05-01T13:00:00Z")); // the RDATE
  }

  @Test
  void theBoundHoldsEveryInstanceAndEndsWithTheRecurrence() {
    assertThat(WEEKLY.bound().overlaps(range("2026-05-01T13:30:00Z", "2026-05-01T13:40:00Z")))
        .isTrue();
    assertThat(WEEKLY.bound().overlaps(range("2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")))
        .isFalse();
  }

  @Test
  void anAllDayEventLastsTheDayAndATodoWithoutDatesMatchesAnyRange() {
    var day = parse("BEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20260410\r\nEND:VEVENT\r\n");
    var todo = parse("BEGIN:VTODO\r\nUID:t\r\nSUMMARY:x\r\nEND:VTODO\r\n");

    assertThat(day.instances(range("2026-04-10T23:00:00Z", "2026-04-11T01:00:00Z")))
        .hasSize(1);
    assertThat(day.instances(range("2026-04-11T00:00:00Z", "2026-04-12T00:00:00Z")))
        .isEmpty();
    assertThat(todo.instances(range("2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z")))
        .hasSize(1);
  }

  @Test
  void invalidObjectsAreRefusedWithValidCalendarData() {
    for (String bad : new String[] {
      "BEGIN:VEVENT\r\nDTSTART:20260101T000000Z\r\nEND:VEVENT\r\n",
      "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nEND:VEVENT\r\n",
      "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VTODO\r\nUID:a\r\nEND:VTODO\r\n",
      "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:not-a-date\r\nEND:VEVENT\r\n",
    }) {
      assertThatThrownBy(() -> parse(bad))
          .isInstanceOfSatisfying(
              DavException.class,
              e -> assertThat(e.precondition())
                  .hasValueSatisfying(
                      p -> assertThat(p.getLocalPart()).isEqualTo("valid-calendar-data")));
    }
  }
}
