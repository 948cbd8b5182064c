package org.nymote.dav.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.nymote.dav.collection.CollectionMeta;
import org.nymote.dav.ical.CalendarObject;
import org.nymote.dav.xml.Names;
import org.nymote.dav.xml.XmlReader;
import org.w3c.dom.Element;

/**
 * Property settings of PROPPATCH (RFC 4918 §14.19), extended MKCOL (RFC 5689) and MKCALENDAR (RFC
 * 4791 §5.3.1): each a name and a value to set, or none to remove; applied to collection metadata.
 */
record PropertyUpdate(List<Setting> settings) {
  record Setting(QName name, Optional<Element> value) {}

  /** The DAV:set and DAV:remove children of {@code root}, in document order. */
  static PropertyUpdate parse(Element root) {
    List<Setting> out = new ArrayList<>();
    for (Element op : XmlReader.children(root)) {
      boolean set = XmlReader.is(op, Names.dav("set"));
      if (!set && !XmlReader.is(op, Names.dav("remove"))) {
        continue;
      }
      for (Element prop : XmlReader.all(op, Names.dav("prop"))) {
        for (Element p : XmlReader.children(prop)) {
          out.add(new Setting(XmlReader.name(p), set ? Optional.of(p) : Optional.empty()));
        }
      }
    }
    return new PropertyUpdate(out);
  }

  List<QName> names() {
    return settings.stream().map(Setting::name).toList();
  }

  /** The names that may not be set here, by RFC 4918's protected properties. */
  List<QName> refused(boolean creating) {
    return settings.stream()
        .map(Setting::name)
        .filter(n -> Props.isProtected(n) && !(creating && n.equals(Names.RESOURCETYPE)))
        .toList();
  }

  /** {@code meta} with every setting applied (resourcetype is read by the caller). */
  CollectionMeta apply(CollectionMeta meta) {
    CollectionMeta out = meta;
    for (Setting s : settings) {
      if (s.name().equals(Names.RESOURCETYPE)) {
        continue;
      }
      if (s.name().equals(Names.SUPPORTED_CALENDAR_COMPONENT_SET)) {
        var comps = s.value()
            .map(v -> XmlReader.all(v, Names.caldav("comp")).stream()
                .map(c -> c.getAttribute("name").toUpperCase(java.util.Locale.ROOT))
                .filter(CalendarObject.TYPES::contains)
                .reduce((a, b) -> a + "," + b)
                .orElse("VEVENT"));
        out = out.with(CollectionMeta.COMPONENTS, comps);
        continue;
      }
      out = out.with(Props.field(s.name()), s.value().map(Element::getTextContent));
    }
    return out;
  }
}
