package org.nymote.dav.xml;

import java.util.Locale;
import org.nymote.dav.DavException;
import org.w3c.dom.Element;

/**
 * A text-match of CalDAV (RFC 4791 §9.7.5) or CardDAV (RFC 6352 §10.5.4): a substring (or for
 * CardDAV equals, starts-with, ends-with) under the i;ascii-casemap, i;unicode-casemap or i;octet
 * collation, possibly negated.
 */
public record TextMatch(String text, String matchType, boolean caseless, boolean negate) {
  public static TextMatch parse(Element e) {
    String collation = e.getAttribute("collation");
    boolean caseless = switch (collation) {
      case "", "i;ascii-casemap", "i;unicode-casemap" -> true;
      case "i;octet" -> false;
      default ->
        throw new DavException(
            403, Names.caldav("supported-collation"), "unsupported collation " + collation);
    };
    String type =
        e.getAttribute("match-type").isEmpty() ? "contains" : e.getAttribute("match-type");
    if (!java.util.Set.of("equals", "contains", "starts-with", "ends-with").contains(type)) {
      throw new DavException(400, "unknown match-type " + type);
    }
    return new TextMatch(
        e.getTextContent(), type, caseless, "yes".equals(e.getAttribute("negate-condition")));
  }

  public boolean matches(String value) {
    String v = caseless ? value.toLowerCase(Locale.ROOT) : value;
    String t = caseless ? text.toLowerCase(Locale.ROOT) : text;
    boolean hit = switch (matchType) {
      case "equals" -> v.equals(t);
      case "starts-with" -> v.startsWith(t);
      case "ends-with" -> v.endsWith(t);
      default -> v.contains(t);
    };
    return hit != negate;
  }
}
