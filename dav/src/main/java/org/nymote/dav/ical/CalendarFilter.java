package org.nymote.dav.ical;

import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import org.nymote.dav.DavException;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.TextMatch;
import org.nymote.dav.xml.XmlReader;
import org.w3c.dom.Element;

/**
 * A CALDAV:filter (RFC 4791 §9.7): a comp-filter on VCALENDAR with nested comp-filters,
 * prop-filters, text-matches and time-ranges. Parsed once per request, then tested against each
 * candidate. A time-range on a VALARM is not evaluated: an alarm present matches.
 */
public record CalendarFilter(CompFilter root) {
  /** RFC 4791 §9.7.1. */
  public record CompFilter(
      String name,
      boolean notDefined,
      Optional<Span> timeRange,
      List<PropFilter> props,
      List<CompFilter> comps) {}

  /** RFC 4791 §9.7.2. */
  public record PropFilter(
      String name, boolean notDefined, Optional<TextMatch> text, List<ParamFilter> params) {}

  /** RFC 4791 §9.7.3: a parameter of the property, absent, present, or with matching text. */
  public record ParamFilter(String name, boolean notDefined, Optional<TextMatch> text) {}

  public static CalendarFilter parse(Element filter) {
    Element root = XmlReader.child(filter, Names.caldav("comp-filter"))
        .orElseThrow(() -> new DavException(
            403, Names.caldav("valid-filter"), "a filter needs a comp-filter on VCALENDAR"));
    CompFilter c = comp(root);
    if (!c.name().equals("VCALENDAR")) {
      throw new DavException(403, Names.caldav("valid-filter"), "the top comp-filter is VCALENDAR");
    }
    return new CalendarFilter(c);
  }

  private static CompFilter comp(Element e) {
    return new CompFilter(
        e.getAttribute("name").toUpperCase(java.util.Locale.ROOT),
        XmlReader.child(e, Names.caldav("is-not-defined")).isPresent(),
        XmlReader.child(e, Names.caldav("time-range")).map(CalendarFilter::timeRange),
        XmlReader.all(e, Names.caldav("prop-filter")).stream()
            .map(CalendarFilter::prop)
            .toList(),
        XmlReader.all(e, Names.caldav("comp-filter")).stream()
            .map(CalendarFilter::comp)
            .toList());
  }

  private static PropFilter prop(Element e) {
    return new PropFilter(
        e.getAttribute("name").toUpperCase(java.util.Locale.ROOT),
        XmlReader.child(e, Names.caldav("is-not-defined")).isPresent(),
        XmlReader.child(e, Names.caldav("text-match")).map(TextMatch::parse),
        XmlReader.all(e, Names.caldav("param-filter")).stream()
            .map(CalendarFilter::param)
            .toList());
  }

  private static ParamFilter param(Element e) {
    String name = e.getAttribute("name").strip().toUpperCase(java.util.Locale.ROOT);
    if (name.isEmpty()) {
      throw new DavException(403, Names.caldav("valid-filter"), "a param-filter needs a name");
    }
    return new ParamFilter(
        name,
        XmlReader.child(e, Names.caldav("is-not-defined")).isPresent(),
        XmlReader.child(e, Names.caldav("text-match")).map(TextMatch::parse));
  }

  /** A time-range element; either bound may be absent (RFC 4791 §9.9). */
  public static Span timeRange(Element e) {
    var start = e.getAttribute("start").isEmpty()
        ? java.time.Instant.MIN
        : Times.parseUtc(e.getAttribute("start"));
    var end = e.getAttribute("end").isEmpty()
        ? java.time.Instant.MAX
        : Times.parseUtc(e.getAttribute("end"));
    if (!start.isBefore(end)) {
      throw new DavException(400, "a time-range must end after it starts");
    }
    return new Span(start, end);
  }

  /**
   * The time range of the component filter on the object's type, if the filter has one: what the
   * index can test without parsing.
   */
  public Optional<Span> componentRange(String type) {
    return root.comps().stream()
        .filter(c -> c.name().equals(type) && !c.notDefined())
        .findFirst()
        .flatMap(CompFilter::timeRange);
  }

  /**
   * The time range every match must overlap, if the filter says one: that of its first comp-filter
   * that is not is-not-defined, since a resource matches only if it is of that comp-filter's type
   * ({@link #mayMatchType}) and its span overlaps that comp-filter's range ({@link
   * #componentRange}).
   */
  public Optional<Span> firstRange() {
    return root.comps().stream()
        .filter(c -> !c.notDefined())
        .findFirst()
        .flatMap(CompFilter::timeRange);
  }

  /** Whether the filter needs no more than a time range on the object's type (or nothing). */
  public boolean onlyTimeRange() {
    return root.props().isEmpty()
        && root.comps().stream()
            .allMatch(c -> !c.notDefined() && c.props().isEmpty() && c.comps().isEmpty());
  }

  /** Whether the filter names no other component type than {@code type}. */
  public boolean mayMatchType(String type) {
    return root.comps().stream().allMatch(c -> c.notDefined() != c.name().equals(type));
  }

  public boolean matches(CalendarObject o) {
    for (PropFilter p : root.props()) {
      if (!matches(p, o.calendar().getProperties(p.name()))) {
        return false;
      }
    }
    for (CompFilter c : root.comps()) {
      if (!matchesTop(c, o)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesTop(CompFilter f, CalendarObject o) {
    boolean present = f.name().equals(o.type())
        || o.calendar().getComponents().stream().anyMatch(c -> c.getName().equals(f.name()));
    if (f.notDefined()) {
      return !present;
    }
    if (!present) {
      return false;
    }
    if (!f.name().equals(o.type())) {
      return f.timeRange().isEmpty() && f.props().isEmpty(); // a VTIMEZONE, say
    }
    if (f.timeRange().isPresent()) {
      return o.instances(f.timeRange().get()).stream()
          .anyMatch(i -> matchesInside(f, i.component()));
    }
    return o.components().stream().anyMatch(c -> matchesInside(f, c));
  }

  private static boolean matchesInside(CompFilter f, Component c) {
    for (PropFilter p : f.props()) {
      if (!matches(p, c.getProperties(p.name()))) {
        return false;
      }
    }
    for (CompFilter sub : f.comps()) {
      List<Component> found = c instanceof net.fortuna.ical4j.model.ComponentContainer<?> cc
          ? cc.getComponentList().getAll().stream()
              .map(x -> (Component) x)
              .filter(x -> x.getName().equals(sub.name()))
              .toList()
          : List.of();
      if (sub.notDefined() != found.isEmpty()) {
        return false;
      }
      if (!sub.notDefined() && found.stream().noneMatch(x -> matchesInside(sub, x))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(PropFilter f, List<Property> props) {
    if (f.notDefined()) {
      return props.isEmpty();
    }
    if (props.isEmpty()) {
      return false;
    }
    return props.stream()
        .anyMatch(p -> (f.text().isEmpty() || f.text().get().matches(p.getValue()))
            && f.params().stream().allMatch(pf -> matches(pf, p)));
  }

  private static boolean matches(ParamFilter f, Property p) {
    List<net.fortuna.ical4j.model.Parameter> found = p.getParameters(f.name());
    if (f.notDefined()) {
      return found.isEmpty();
    }
    return !found.isEmpty()
        && (f.text().isEmpty()
            || found.stream().anyMatch(x -> f.text().get().matches(x.getValue())));
  }
}
