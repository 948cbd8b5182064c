package org.nymote.dav.ical;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.property.DateListProperty;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.util.CompatibilityHints;
import org.nymote.dav.DavException;
import org.nymote.dav.xml.Names;

/**
 * One calendar object resource (RFC 4791 §4.1), parsed and checked once: one or more components of
 * one type (VEVENT, VTODO or VJOURNAL) sharing one UID, a master and its RECURRENCE-ID overrides,
 * with any VTIMEZONEs. Knows its instances in a time range, with RRULE, RDATE, EXDATE, overrides
 * and time zones. Immutable once built; safe to share between threads for reading.
 */
public final class CalendarObject {
  /** The most instances one component yields in one range: a guard against FREQ=SECONDLY. */
  static final int MAX_INSTANCES = 20_000;

  /** The component types a calendar object resource holds, in the order RFC 5545 lists them. */
  public static final List<String> TYPES = List.of("VEVENT", "VTODO", "VJOURNAL");

  static {
    CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, true);
    CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, true);
  }

  private final Calendar calendar;
  private final String uid;
  private final String type;
  private final List<Component> components;
  private final Span bound;
  private final List<Instance> finite;

  /** The most instances kept precomputed for a recurrence that ends. */
  static final int MAX_PRECOMPUTED = 2_000;

  private CalendarObject(Calendar calendar, String uid, String type, List<Component> components) {
    this.calendar = calendar;
    this.uid = uid;
    this.type = type;
    this.components = List.copyOf(components);
    Span coarse = computeBound();
    this.finite = ends() ? precompute(coarse) : null;
    this.bound = finite == null || finite.isEmpty()
        ? coarse
        : finite.stream().map(Instance::span).reduce(Span::union).orElseThrow();
  }

  /**
   * A recurrence that ends (COUNT or UNTIL) is expanded once, when parsed, so that time-range
   * queries test its instances without running the rule again.
   */
  private List<Instance> precompute(Span coarse) {
    List<Instance> all = expand(new Span(coarse.start(), END_OF_TIME));
    return all.size() > MAX_PRECOMPUTED ? null : List.copyOf(all);
  }

  private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

  /** Whether every recurrence has an end, so that all its instances can be listed. */
  private boolean ends() {
    boolean recurs = false;
    for (Component c : components) {
      for (Property p : c.getProperties("RRULE")) {
        recurs = true;
        var recur = ((RRule<?>) p).getRecur();
        if (recur.getUntil() == null && recur.getCount() < 1) {
          return false;
        }
      }
      recurs |= c.getProperty("RDATE").isPresent();
    }
    return recurs;
  }

  /** One occurrence: the component that describes it, and when. */
  public record Instance(Component component, Span span, Optional<Temporal> recurrenceId) {}

  /**
   * Parses and checks {@code bytes}; a 403 with CALDAV:valid-calendar-data (RFC 4791 §5.3.2.1)
   * says what is wrong.
   */
  public static CalendarObject parse(byte[] bytes) {
    Calendar calendar;
    try {
      calendar =
          new CalendarBuilder().build(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    } catch (ParserException | IOException | RuntimeException e) {
      throw invalid("not valid iCalendar: " + e.getMessage());
    }
    if (calendar.getProperty("METHOD").isPresent()) {
      throw invalid("a calendar object resource must not have a METHOD property");
    }
    List<Component> found = new ArrayList<>();
    String uid = null;
    String type = null;
    for (Component c : calendar.getComponents()) {
      if (c.getName().equals("VTIMEZONE")) {
        continue;
      }
      if (!TYPES.contains(c.getName())) {
        throw invalid("unsupported component " + c.getName());
      }
      if (type != null && !type.equals(c.getName())) {
        throw invalid(
            "components of one resource must be of one type: " + type + ", " + c.getName());
      }
      String u = c.getProperty("UID").map(Property::getValue).orElse("").strip();
      if (u.isEmpty()) {
        throw invalid(c.getName() + " has no UID");
      }
      if (uid != null && !uid.equals(u)) {
        throw invalid("components of one resource must share one UID");
      }
      type = c.getName();
      uid = u;
      found.add(c);
    }
    if (type == null) {
      throw invalid("no VEVENT, VTODO or VJOURNAL");
    }
    try {
      return new CalendarObject(calendar, uid, type, found);
    } catch (RuntimeException e) {
      throw invalid("cannot read the dates: " + e.getMessage());
    }
  }

  private static DavException invalid(String why) {
    return new DavException(403, Names.VALID_CALENDAR_DATA, why);
  }

  public Calendar calendar() {
    return calendar;
  }

  public String uid() {
    return uid;
  }

  /** VEVENT, VTODO or VJOURNAL. */
  public String type() {
    return type;
  }

  /** The components of {@link #type}, master first when there is one. */
  public List<Component> components() {
    return components;
  }

  /** Whether any component recurs (RRULE or RDATE). */
  public boolean recurs() {
    return components.stream()
        .anyMatch(
            c -> c.getProperty("RRULE").isPresent() || c.getProperty("RDATE").isPresent());
  }

  /**
   * Whether {@link #bound} alone says if an instance overlaps a range: true for one component
   * that does not recur; false when there are instances with gaps between them (a recurrence, or
   * overrides filed without their master), which only {@link #instances} can tell.
   */
  public boolean boundIsExact() {
    return components.size() == 1 && !recurs();
  }

  /** A span that holds every instance: the index's quick test before {@link #instances}. */
  public Span bound() {
    return bound;
  }

  /** The instances that overlap {@code range}, overrides in place of what they replace. */
  public List<Instance> instances(Span range) {
    if (!bound.overlaps(range)) {
      return List.of();
    }
    if (finite != null) {
      return finite.stream().filter(i -> i.span().overlaps(range)).toList();
    }
    return expand(range);
  }

  private List<Instance> expand(Span range) {
    List<Instance> out = new ArrayList<>();
    Set<Instant> overridden = new HashSet<>();
    for (Component c : components) {
      Optional<Temporal> rid = date(c, "RECURRENCE-ID");
      if (rid.isPresent()) {
        overridden.add(Times.instant(rid.get()));
        Span s = single(c);
        if (s.overlaps(range)) {
          out.add(new Instance(c, s, rid));
        }
      }
    }
    for (Component c : components) {
      if (date(c, "RECURRENCE-ID").isEmpty()) {
        master(c, range, overridden, out);
      }
    }
    return out;
  }

  private static void master(Component c, Span range, Set<Instant> overridden, List<Instance> out) {
    Optional<Temporal> start = date(c, "DTSTART");
    boolean recurs =
        c.getProperty("RRULE").isPresent() || c.getProperty("RDATE").isPresent();
    if (start.isEmpty() || !recurs) {
      Span s = single(c);
      if (s.overlaps(range)) {
        out.add(new Instance(c, s, Optional.empty()));
      }
      return;
    }
    Duration length = length(c, start.get());
    Set<Instant> starts = new java.util.TreeSet<>();
    starts.add(Times.instant(start.get()));
    Temporal seed = start.get();
    Instant from = range.start().equals(Instant.MIN)
        ? Times.instant(seed)
        : range.start().minus(length).minusSeconds(1);
    Instant to =
        range.end().equals(Instant.MAX) ? Instant.now().plus(Duration.ofDays(3660)) : range.end();
    if (to.isBefore(from)) {
      return;
    }
    for (Property p : c.getProperties("RRULE")) {
      @SuppressWarnings("unchecked")
      RRule<Temporal> rule = (RRule<Temporal>) p;
      for (Temporal t : rule.getRecur()
          .getDates(seed, Times.like(seed, from), Times.like(seed, to), MAX_INSTANCES)) {
        starts.add(Times.instant(t));
      }
    }
    for (Property p : c.getProperties("RDATE")) {
      for (Object t : ((DateListProperty<?>) p).getDates()) {
        starts.add(Times.instant((Temporal) t));
      }
    }
    for (Property p : c.getProperties("EXDATE")) {
      for (Object t : ((DateListProperty<?>) p).getDates()) {
        starts.remove(Times.instant((Temporal) t));
      }
    }
    for (Instant s : starts) {
      if (overridden.contains(s)) {
        continue;
      }
      Span span = new Span(s, s.plus(length));
      if (span.overlaps(range)) {
        out.add(new Instance(c, span, Optional.of(Times.like(seed, s))));
      }
    }
  }

  /** The span of one component taken alone, by RFC 4791 §9.9's tables. */
  static Span single(Component c) {
    Optional<Temporal> start = date(c, "DTSTART");
    if (c.getName().equals("VTODO")) {
      Optional<Temporal> due = date(c, "DUE");
      if (start.isEmpty() && due.isEmpty()) {
        return Span.ALL;
      }
      if (start.isEmpty()) {
        Instant d = Times.instant(due.get());
        return new Span(d, d);
      }
    }
    if (start.isEmpty()) {
      return c.getName().equals("VJOURNAL") ? new Span(Instant.MAX, Instant.MAX) : Span.ALL;
    }
    Instant s = Times.instant(start.get());
    return new Span(s, s.plus(length(c, start.get())));
  }

  /** How long each instance lasts: DTEND or DUE minus DTSTART, DURATION, or a day for a date. */
  static Duration length(Component c, Temporal start) {
    Optional<Temporal> end = date(c, "DTEND").or(() -> date(c, "DUE"));
    if (end.isPresent()) {
      Duration d = Duration.between(Times.instant(start), Times.instant(end.get()));
      return d.isNegative() ? Duration.ZERO : d;
    }
    Optional<Property> duration = c.getProperty("DURATION");
    if (duration.isPresent()) {
      var amount = ((net.fortuna.ical4j.model.property.Duration) duration.get()).getDuration();
      Instant s = Times.instant(start);
      return Duration.between(s, s.atZone(java.time.ZoneOffset.UTC).plus(amount).toInstant());
    }
    return start instanceof LocalDate ? Duration.ofDays(1) : Duration.ZERO;
  }

  static Optional<Temporal> date(Component c, String name) {
    return c.getProperty(name)
        .filter(p -> p instanceof DateProperty<?>)
        .map(p -> (Temporal) ((DateProperty<?>) p).getDate())
        .filter(java.util.Objects::nonNull);
  }

  private Span computeBound() {
    Span all = null;
    for (Component c : components) {
      Span s = single(c);
      boolean recurs =
          c.getProperty("RRULE").isPresent() || c.getProperty("RDATE").isPresent();
      if (recurs && date(c, "DTSTART").isPresent()) {
        s = new Span(s.start(), recurrenceEnd(c, s));
      }
      all = all == null ? s : all.union(s);
    }
    return all;
  }

  /** Where a recurrence ends: its UNTIL (and latest RDATE) plus one length, or never. */
  private static Instant recurrenceEnd(Component c, Span first) {
    Duration length = Duration.between(first.start(), first.end());
    Instant end = first.end();
    for (Property p : c.getProperties("RRULE")) {
      Object until = ((RRule<?>) p).getRecur().getUntil();
      if (until == null) {
        return Instant.MAX;
      }
      Instant u = Times.instant((Temporal) until).plus(length).plus(Duration.ofDays(1));
      end = u.isAfter(end) ? u : end;
    }
    for (Property p : c.getProperties("RDATE")) {
      for (Object t : ((DateListProperty<?>) p).getDates()) {
        Instant r = Times.instant((Temporal) t).plus(length);
        end = r.isAfter(end) ? r : end;
      }
    }
    return end;
  }
}
