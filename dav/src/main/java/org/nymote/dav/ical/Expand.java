package org.nymote.dav.ical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nymote.dav.merge.ContentLines;

/**
 * CALDAV:expand (RFC 4791 §9.6.5): each instance in the range as its own component in UTC, with a
 * RECURRENCE-ID and no RRULE, RDATE or EXDATE; no VTIMEZONE is needed after.
 */
public final class Expand {
  private static final Set<String> DROPPED =
      Set.of("RRULE", "RDATE", "EXDATE", "DTSTART", "DTEND", "DUE", "DURATION", "RECURRENCE-ID");

  private Expand() {}

  public static String expand(CalendarObject o, Span range) {
    List<ContentLines.Item> items = new ArrayList<>();
    items.add(new ContentLines.Line("VERSION", "VERSION:2.0"));
    items.add(new ContentLines.Line("PRODID", "PRODID:-//Nymote//DAV//EN"));
    for (CalendarObject.Instance i : o.instances(range)) {
      var block = ContentLines.parse(i.component().toString()).get(0);
      List<ContentLines.Item> lines = new ArrayList<>();
      for (ContentLines.Item item : block.items()) {
        if (!(item instanceof ContentLines.Line l && DROPPED.contains(l.bareName()))) {
          lines.add(item);
        }
      }
      Instant start = i.span().start();
      if (!start.equals(Instant.MIN)) {
        lines.add(line("DTSTART", start));
        String endName = block.name().equals("VTODO") ? "DUE" : "DTEND";
        if (!i.span().end().equals(start)) {
          lines.add(line(endName, i.span().end()));
        }
      }
      if (o.recurs() || i.recurrenceId().isPresent()) {
        Instant rid = i.recurrenceId().map(Times::instant).orElse(start);
        lines.add(line("RECURRENCE-ID", rid));
      }
      items.add(new ContentLines.Block(block.name(), lines));
    }
    return ContentLines.write(List.of(new ContentLines.Block("VCALENDAR", items)));
  }

  private static ContentLines.Line line(String name, Instant at) {
    return new ContentLines.Line(name, name + ":" + Times.formatUtc(at));
  }
}
