package org.nymote.dav.ical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nymote.dav.DavException;
import org.nymote.dav.merge.ContentLines;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.XmlReader;
import org.w3c.dom.Element;

/**
 * Partial retrieval of calendar data (RFC 4791 §9.6.1 to §9.6.4): a CALDAV:comp tree says which
 * components and which of their properties come back, each {@code comp} with {@code allprop} or
 * {@code prop*} and {@code allcomp} or {@code comp*}; a {@code prop} with {@code novalue="yes"}
 * comes back with its parameters and an empty value. Works on the content lines, so what comes
 * back is the stored text of what is kept.
 */
public record Partial(
    String name, boolean allProps, List<Prop> props, boolean allComps, List<Partial> comps) {
  /** One CALDAV:prop. */
  public record Prop(String name, boolean noValue) {}

  /** The selection a CALDAV:calendar-data asks for, if it has a CALDAV:comp. */
  public static Optional<Partial> of(Element calendarData) {
    return XmlReader.child(calendarData, Names.caldav("comp")).map(Partial::comp);
  }

  private static Partial comp(Element e) {
    String name = e.getAttribute("name").strip().toUpperCase(Locale.ROOT);
    if (name.isEmpty()) {
      throw new DavException(400, "a CALDAV:comp needs a name");
    }
    List<Prop> props = XmlReader.all(e, Names.caldav("prop")).stream()
        .map(p -> new Prop(
            p.getAttribute("name").strip().toUpperCase(Locale.ROOT),
            p.getAttribute("novalue").equalsIgnoreCase("yes")))
        .toList();
    return new Partial(
        name,
        XmlReader.child(e, Names.caldav("allprop")).isPresent(),
        props,
        XmlReader.child(e, Names.caldav("allcomp")).isPresent(),
        XmlReader.all(e, Names.caldav("comp")).stream().map(Partial::comp).toList());
  }

  /** The calendar text cut down to this selection (whose name must be VCALENDAR to keep any). */
  public String apply(String calendar) {
    List<ContentLines.Block> out = new ArrayList<>();
    for (ContentLines.Block b : ContentLines.parse(calendar)) {
      if (b.name().equals(name)) {
        out.add(select(b));
      }
    }
    return ContentLines.write(out);
  }

  private ContentLines.Block select(ContentLines.Block b) {
    List<ContentLines.Item> kept = new ArrayList<>();
    for (ContentLines.Item i : b.items()) {
      switch (i) {
        case ContentLines.Line l -> line(l).ifPresent(kept::add);
        case ContentLines.Block nested -> {
          if (allComps) {
            kept.add(nested);
          } else {
            for (Partial c : comps) {
              if (c.name().equals(nested.name())) {
                kept.add(c.select(nested));
                break;
              }
            }
          }
        }
      }
    }
    return new ContentLines.Block(b.name(), kept);
  }

  private Optional<ContentLines.Line> line(ContentLines.Line l) {
    if (allProps) {
      return Optional.of(l);
    }
    for (Prop p : props) {
      if (p.name().equals(l.name())) {
        if (!p.noValue()) {
          return Optional.of(l);
        }
        String text = l.text();
        return Optional.of(new ContentLines.Line(
            l.name(), text.substring(0, text.length() - l.value().length())));
      }
    }
    return Optional.empty();
  }
}
