package org.nymote.dav.vcard;

import java.util.List;
import java.util.Locale;
import org.nymote.dav.DavException;
import org.nymote.dav.merge.ContentLines;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.TextMatch;
import org.nymote.dav.xml.XmlReader;
import org.w3c.dom.Element;

/**
 * A CARDDAV:filter (RFC 6352 §10.5): prop-filters, each with is-not-defined or text-matches (all
 * or any of them, by {@code test}), combined by the filter's own {@code test} (anyof by default).
 */
public record AddressFilter(boolean allOf, List<PropFilter> props) {
  public record PropFilter(String name, boolean notDefined, boolean allOf, List<TextMatch> texts) {}

  public static AddressFilter parse(Element filter) {
    return new AddressFilter(
        allOf(filter),
        XmlReader.all(filter, Names.carddav("prop-filter")).stream()
            .map(p -> new PropFilter(
                p.getAttribute("name").toUpperCase(Locale.ROOT),
                XmlReader.child(p, Names.carddav("is-not-defined")).isPresent(),
                allOf(p),
                XmlReader.all(p, Names.carddav("text-match")).stream()
                    .map(TextMatch::parse)
                    .toList()))
            .toList());
  }

  private static boolean allOf(Element e) {
    return switch (e.getAttribute("test")) {
      case "", "anyof" -> false;
      case "allof" -> true;
      default -> throw new DavException(400, "test must be anyof or allof");
    };
  }

  public boolean matches(VCardObject card) {
    if (props.isEmpty()) {
      return true;
    }
    return allOf
        ? props.stream().allMatch(p -> matches(p, card.lines()))
        : props.stream().anyMatch(p -> matches(p, card.lines()));
  }

  private static boolean matches(PropFilter f, ContentLines.Block card) {
    List<ContentLines.Line> lines = card.lines(f.name());
    if (f.notDefined()) {
      return lines.isEmpty();
    }
    if (lines.isEmpty()) {
      return false;
    }
    if (f.texts().isEmpty()) {
      return true;
    }
    return f.allOf()
        ? f.texts().stream().allMatch(t -> lines.stream().anyMatch(l -> t.matches(l.value())))
        : f.texts().stream().anyMatch(t -> lines.stream().anyMatch(l -> t.matches(l.value())));
  }
}
