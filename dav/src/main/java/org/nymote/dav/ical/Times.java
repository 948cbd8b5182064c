package org.nymote.dav.ical;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;
import org.nymote.dav.DavException;

/**
 * Instants from iCalendar's temporals: a date-time with a zone or in UTC is that instant; a
 * floating date-time or a date is read in UTC (RFC 4791 §9.9 lets the server pick a zone when the
 * calendar names none).
 */
public final class Times {
  private static final DateTimeFormatter UTC_BASIC =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static Instant instant(Temporal t) {
    return switch (t) {
      case Instant i -> i;
      case ZonedDateTime z -> z.toInstant();
      case java.time.OffsetDateTime o -> o.toInstant();
      case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
      case LocalDate d -> d.atStartOfDay(ZoneOffset.UTC).toInstant();
      default -> Instant.ofEpochSecond(t.getLong(ChronoField.INSTANT_SECONDS));
    };
  }

  /** The same instant in the type of {@code like}, so that ical4j can compare them. */
  public static Temporal like(Temporal like, Instant at) {
    return switch (like) {
      case ZonedDateTime z -> at.atZone(z.getZone());
      case java.time.OffsetDateTime o -> at.atOffset(o.getOffset());
      case LocalDateTime l -> LocalDateTime.ofInstant(at, ZoneOffset.UTC);
      case LocalDate d -> LocalDate.ofInstant(at, ZoneOffset.UTC);
      default -> at;
    };
  }

  /** Parses a CalDAV time-range bound: a UTC date-time as {@code 20260101T000000Z}. */
  public static Instant parseUtc(String text) {
    try {
      return Instant.from(UTC_BASIC.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw new DavException(400, "not a UTC date-time like 20260101T000000Z: " + text);
    }
  }

  public static String formatUtc(Instant i) {
    return UTC_BASIC.format(i);
  }
}
