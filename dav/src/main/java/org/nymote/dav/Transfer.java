package org.nymote.dav;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nymote.dav.collection.Kind;
import org.nymote.dav.merge.ContentLines;

/**
 * Splits an .ics or .vcf file, as calendar programs export them, into one resource per object: a
 * vCard each, or per UID the components that share it with the VTIMEZONEs they name. Each is named
 * after its UID; the resources are checked when they are PUT.
 */
public final class Transfer {
  private Transfer() {}

  /** One resource to import: its name in the collection and its bytes. */
  public record Item(String name, byte[] body) {}

  /** The resources in {@code file}; {@link IllegalArgumentException} if it is not of its kind. */
  public static List<Item> split(Kind kind, byte[] file) {
    List<ContentLines.Block> blocks = ContentLines.parse(file);
    List<Item> out = new ArrayList<>();
    if (kind == Kind.ADDRESSBOOK) {
      for (ContentLines.Block card : blocks) {
        if (!card.name().equals("VCARD")) {
          throw new IllegalArgumentException("expected vCards, found " + card.name());
        }
        out.add(item(card.value("UID"), kind, List.of(card)));
      }
      return out;
    }
    for (ContentLines.Block cal : blocks) {
      if (!cal.name().equals("VCALENDAR")) {
        throw new IllegalArgumentException("expected VCALENDAR, found " + cal.name());
      }
      Map<String, ContentLines.Block> zones = new LinkedHashMap<>();
      Map<String, List<ContentLines.Block>> byUid = new LinkedHashMap<>();
      for (ContentLines.Block c : cal.blocks()) {
        if (c.name().equals("VTIMEZONE")) {
          zones.put(c.value("TZID"), c);
        } else {
          byUid.computeIfAbsent(c.value("UID"), u -> new ArrayList<>()).add(c);
        }
      }
      for (var e : byUid.entrySet()) {
        List<ContentLines.Item> items = new ArrayList<>();
        items.add(new ContentLines.Line("VERSION", "VERSION:2.0"));
        items.add(new ContentLines.Line("PRODID", "PRODID:-//Nymote//DAV import//EN"));
        String text = ContentLines.write(e.getValue());
        zones.forEach((tzid, zone) -> {
          if (text.contains("TZID=" + tzid) || text.contains("TZID=\"" + tzid + "\"")) {
            items.add(zone);
          }
        });
        items.addAll(e.getValue());
        out.add(item(e.getKey(), kind, List.of(new ContentLines.Block("VCALENDAR", items))));
      }
    }
    return out;
  }

  private static Item item(String uid, Kind kind, List<ContentLines.Block> blocks) {
    return new Item(
        name(uid) + kind.extension(), ContentLines.write(blocks).getBytes(StandardCharsets.UTF_8));
  }

  /** A resource name for a UID: the UID where it is a plain name, else a hash of it. */
  static String name(String uid) {
    if (uid.matches("[A-Za-z0-9@._+=-]{1,200}") && !uid.startsWith(".")) {
      return uid;
    }
    return "uid-" + Integer.toHexString(uid.hashCode()) + "-" + uid.length();
  }
}
