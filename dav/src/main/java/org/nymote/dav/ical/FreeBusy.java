package org.nymote.dav.ical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.nymote.dav.merge.ContentLines;

/**
 * The answer to a free-busy-query (RFC 4791 §7.10): one VFREEBUSY with a FREEBUSY period for each
 * busy instance in the range: events that are not TRANSPARENT and not CANCELLED (TENTATIVE ones
 * as BUSY-TENTATIVE).
 */
public final class FreeBusy {
  private FreeBusy() {}

  public static String of(List<CalendarObject> events, Span range) {
    List<ContentLines.Item> fb = new ArrayList<>();
    fb.add(new ContentLines.Line("DTSTAMP", "DTSTAMP:" + Times.formatUtc(Instant.now())));
    fb.add(new ContentLines.Line("DTSTART", "DTSTART:" + Times.formatUtc(range.start())));
    fb.add(new ContentLines.Line("DTEND", "DTEND:" + Times.formatUtc(range.end())));
    for (CalendarObject o : events) {
      for (CalendarObject.Instance i : o.instances(range)) {
        String transp =
            i.component().getProperty("TRANSP").map(p -> p.getValue()).orElse("");
        String status =
            i.component().getProperty("STATUS").map(p -> p.getValue()).orElse("");
        if (transp.equals("TRANSPARENT") || status.equals("CANCELLED")) {
          continue;
        }
        Instant s =
            i.span().start().isBefore(range.start()) ? range.start() : i.span().start();
        Instant e = i.span().end().isAfter(range.end()) ? range.end() : i.span().end();
        String type = status.equals("TENTATIVE") ? "BUSY-TENTATIVE" : "BUSY";
        fb.add(new ContentLines.Line(
            "FREEBUSY",
            "FREEBUSY;FBTYPE=" + type + ":" + Times.formatUtc(s) + "/" + Times.formatUtc(e)));
      }
    }
    List<ContentLines.Item> cal = List.of(
        new ContentLines.Line("VERSION", "VERSION:2.0"),
        new ContentLines.Line("PRODID", "PRODID:-//Nymote//DAV//EN"),
        new ContentLines.Block("VFREEBUSY", fb));
    return ContentLines.write(List.of(new ContentLines.Block("VCALENDAR", cal)));
  }
}
