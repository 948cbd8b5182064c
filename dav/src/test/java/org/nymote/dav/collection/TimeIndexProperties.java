package org.nymote.dav.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.dav.ical.CalendarObject;
import org.nymote.dav.ical.Span;
import org.nymote.store.Path;
import org.nymote.store.Tree;

/**
 * The time index is exact: over random collections (single events short and long, all-day,
 * in time zones, recurrences open or ending, with EXDATE, RDATE and overrides, tasks without
 * dates) changed step by step, the resources a time-range query keeps are exactly those whose
 * instances a brute-force expansion of every resource finds in the range.
 */
class TimeIndexProperties {
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
  static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  /** One calendar object, as text. */
  record Event(String text) {}

  /** A step: a resource (by number) put or removed. */
  record Step(int slot, boolean remove, Event event) {}

  @Property(tries = 60)
  void theIndexFindsWhatBruteForceFinds(
      @ForAll("steps") List<Step> steps, @ForAll("ranges") List<Span> ranges) {
    var index = DavStore.calendarIndex();
    Tree t = Tree.empty();
    int i = 0;
    for (Step s : steps) {
      String name = "r" + s.slot() + ".ics";
      t = s.remove()
          ? t.without(Path.of(name))
          : t.with(Path.of(name), s.event().text().getBytes(StandardCharsets.UTF_8));
      if (t.list(Path.ROOT).isEmpty()) {
        continue;
      }
      var snap = index.at("c", t);
      // query now and then, so that some snapshots are caught up from a previous time index
      if (i++ % 3 == 0) {
        for (Span range : ranges) {
          assertThat(names(snap.overlapping(range).stream().map(e -> e.getKey()).toList()))
              .as("range %s", range)
              .isEqualTo(bruteForceBound(t, range));
          Set<String> exact = new TreeSet<>();
          for (var e : snap.overlapping(range)) {
            // as calendar-query does: an exact bound needs no expansion
            if (!e.getValue().recurs()
                || !index.parsed(snap, e.getKey()).instances(range).isEmpty()) {
              exact.add(e.getKey());
            }
          }
          assertThat(exact).as("range %s", range).isEqualTo(bruteForceInstances(t, range));
        }
      }
    }
  }

  static Set<String> names(List<String> names) {
    assertThat(names).doesNotHaveDuplicates();
    return new TreeSet<>(names);
  }

  static Set<String> bruteForceBound(Tree t, Span range) {
    Set<String> out = new TreeSet<>();
    for (String name : t.list(Path.ROOT)) {
      if (CalendarObject.parse(t.get(Path.of(name))).bound().overlaps(range)) {
        out.add(name);
      }
    }
    return out;
  }

  static Set<String> bruteForceInstances(Tree t, Span range) {
    Set<String> out = new TreeSet<>();
    for (String name : t.list(Path.ROOT)) {
      if (!CalendarObject.parse(t.get(Path.of(name))).instances(range).isEmpty()) {
        out.add(name);
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(0, 9).map(n -> n == 0),
            events())
        .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Span>> ranges() {
    Arbitrary<Span> r = Combinators.combine(
            Arbitraries.longs().between(-40L * 86400, 800L * 86400),
            Arbitraries.longs().between(1, 200L * 86400),
            Arbitraries.integers().between(0, 9))
        .as((start, length, open) -> new Span(
            open == 0 ? Instant.MIN : BASE.plusSeconds(start),
            open == 1 ? Instant.MAX : BASE.plusSeconds(start + length)));
    return r.list().ofMinSize(1).ofMaxSize(4);
  }

  Arbitrary<Event> events() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 7),
            Arbitraries.longs().between(0, 700L * 24),
            Arbitraries.integers().between(0, 24 * 60),
            Arbitraries.integers().between(1, 60),
            Arbitraries.strings().withCharRange('a', 'z').ofLength(6))
        .as(TimeIndexProperties::event);
  }

  /** An event of one of eight shapes, starting {@code hours} after 2026-01-01. */
  static Event event(int shape, long hours, int minutes, int n, String uid) {
    LocalDateTime start = LocalDateTime.ofInstant(BASE.plusSeconds(hours * 3600), ZoneOffset.UTC);
    String local = LOCAL.format(start);
    String utc = local + "Z";
    String end = LOCAL.format(start.plusMinutes(minutes)) + "Z";
    String body = switch (shape) {
      case 0 -> vevent(uid, "DTSTART:" + utc + "\r\nDTEND:" + end);
      case 1 -> vevent(uid, "DTSTART:" + utc + "\r\nDURATION:P" + n + "D"); // up to two months
      case 2 -> vevent(uid, "DTSTART;VALUE=DATE:" + local.substring(0, 8));
      case 3 ->
        vevent(
            uid,
            "DTSTART;TZID=Europe/Paris:" + local + "\r\nDTEND;TZID=Europe/Paris:"
                + LOCAL.format(start.plusMinutes(minutes)));
      case 4 ->
        vevent(
            uid,
            "DTSTART:" + utc + "\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=" + n + "\r\nEXDATE:"
                + LOCAL.format(start.plusWeeks(1)) + "Z\r\nRDATE:"
                + LOCAL.format(start.plusDays(400))
                + "Z");
      case 5 ->
        vevent(
                uid,
                "DTSTART;TZID=America/New_York:" + local
                    + "\r\nDURATION:PT2H\r\nRRULE:FREQ=DAILY;INTERVAL=" + n + ";UNTIL="
                    + LOCAL.format(start.plusDays(3L * n)) + "Z")
            + vevent(
                uid,
                "RECURRENCE-ID;TZID=America/New_York:" + LOCAL.format(start.plusDays(n))
                    + "\r\nDTSTART;TZID=America/New_York:"
                    + LOCAL.format(start.plusDays(n + 200L)) + "\r\nDURATION:PT1H");
      case 6 -> vevent(uid, "DTSTART:" + utc + "\r\nDURATION:PT30M\r\nRRULE:FREQ=MONTHLY");
      default -> "BEGIN:VTODO\r\nUID:" + uid + "\r\nSUMMARY:t\r\nEND:VTODO\r\n";
    };
    return new Event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + body + "END:VCALENDAR\r\n");
  }

  static String vevent(String uid, String dates) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n" + dates
        + "\r\nSUMMARY:x\r\nEND:VEVENT\r\n";
  }
}
