package org.nymote.dav.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nymote.store.Merged;

/**
 * The three-way merge of one block's properties, name by name: a side that kept the base gives way
 * to the other; timestamps (REV, DTSTAMP, LAST-MODIFIED) and SEQUENCE take the later; a property
 * that may repeat (EMAIL, ATTENDEE, a VALARM) merges as a set; a single value changed two ways
 * goes to the side {@code precedence} names, or is a conflict. Pure.
 */
final class LineMerge {
  static final Set<String> LATEST = Set.of("REV", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE");

  private LineMerge() {}

  /** Which side wins a single value changed both ways: &lt;0 ours, &gt;0 theirs, 0 neither. */
  static Merged<List<ContentLines.Item>> merge(
      Optional<ContentLines.Block> base,
      ContentLines.Block ours,
      ContentLines.Block theirs,
      int precedence) {
    Map<String, List<String>> b = base.map(LineMerge::byName).orElse(Map.of());
    Map<String, List<String>> o = byName(ours);
    Map<String, List<String>> t = byName(theirs);
    Set<String> names = new LinkedHashSet<>(o.keySet());
    names.addAll(t.keySet());
    List<ContentLines.Item> out = new ArrayList<>();
    for (String name : names) {
      List<String> bl = b.getOrDefault(name, List.of());
      List<String> ol = o.getOrDefault(name, List.of());
      List<String> tl = t.getOrDefault(name, List.of());
      List<String> merged;
      if (ol.equals(tl) || tl.equals(bl)) {
        merged = ol;
      } else if (ol.equals(bl)) {
        merged = tl;
      } else if (LATEST.contains(name) && ol.size() == 1 && tl.size() == 1) {
        merged = List.of(later(name, ol.get(0), tl.get(0)));
      } else if (bl.size() <= 1 && ol.size() <= 1 && tl.size() <= 1) {
        if (precedence == 0) {
          return Merged.conflict(name + " was changed differently on both sides");
        }
        merged = precedence < 0 ? ol : tl;
      } else {
        merged = setMerge(bl, ol, tl);
      }
      for (String text : merged) {
        out.add(item(name, text));
      }
    }
    return Merged.ok(out);
  }

  private static List<String> setMerge(List<String> b, List<String> o, List<String> t) {
    Set<String> out = new LinkedHashSet<>();
    for (String x : o) {
      if (t.contains(x) || !b.contains(x)) {
        out.add(x);
      }
    }
    for (String x : t) {
      if (!b.contains(x)) {
        out.add(x);
      }
    }
    return List.copyOf(out);
  }

  private static String later(String name, String a, String b) {
    String va = new ContentLines.Line(name, a).value().strip();
    String vb = new ContentLines.Line(name, b).value().strip();
    if (name.equals("SEQUENCE")) {
      return number(va) >= number(vb) ? a : b;
    }
    return va.compareTo(vb) >= 0 ? a : b;
  }

  static long number(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The block's lines by name; a nested block counts as a line {@code BEGIN:NAME}. */
  static Map<String, List<String>> byName(ContentLines.Block block) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ContentLines.Item i : block.items()) {
      switch (i) {
        case ContentLines.Line l ->
          out.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(l.text());
        case ContentLines.Block nested ->
          out.computeIfAbsent("BEGIN:" + nested.name(), k -> new ArrayList<>())
              .add(ContentLines.write(List.of(nested)));
      }
    }
    return out;
  }

  private static ContentLines.Item item(String name, String text) {
    if (name.startsWith("BEGIN:")) {
      return ContentLines.parse(text).get(0);
    }
    return new ContentLines.Line(name, text);
  }
}
