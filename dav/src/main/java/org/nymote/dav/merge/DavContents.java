package org.nymote.dav.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.nymote.store.Contents;
import org.nymote.store.Merged;
import org.nymote.store.Schema;

/**
 * How replicas merge contacts and calendars, as store contents (bytes kept as the client sent
 * them while no merge is needed). A vCard merges property by property. A calendar object merges
 * component by component (by UID and RECURRENCE-ID, VTIMEZONE by TZID), each property by property,
 * and where both sides changed one value the side with the higher SEQUENCE wins. What cannot be
 * merged is a conflict, and the store then keeps both sides as two resources: nothing is dropped.
 */
public final class DavContents {
  /** vCards, {@code contacts/<book>/<name>.vcf}. */
  public static final Contents<byte[]> VCARD =
      Contents.of("vcard", b -> b, b -> b, (base, ours, theirs) -> vcard(base, ours, theirs));

  /** Calendar objects, {@code calendars/<calendar>/<name>.ics}. */
  public static final Contents<byte[]> ICALENDAR = Contents.of(
      "icalendar", b -> b, b -> b, (base, ours, theirs) -> icalendar(base, ours, theirs));

  private DavContents() {}

  /** Adds the rules for contacts and calendars to {@code b}, before any catch-all. */
  public static Schema.Builder rules(Schema.Builder b) {
    return b.rule("contacts/*/*.vcf", VCARD).rule("calendars/*/*.ics", ICALENDAR);
  }

  static Merged<byte[]> vcard(Supplier<Optional<byte[]>> base, byte[] ours, byte[] theirs) {
    try {
      var o = single(ours);
      var t = single(theirs);
      var b = base.get().map(DavContents::single);
      return switch (LineMerge.merge(b, o, t, 0)) {
        case Merged.Ok<List<ContentLines.Item>> ok ->
          Merged.ok(bytes(new ContentLines.Block(o.name(), ok.value())));
        case Merged.Conflict<List<ContentLines.Item>> c -> Merged.conflict(c.reason());
      };
    } catch (IllegalArgumentException e) {
      return Merged.conflict("not a vCard: " + e.getMessage());
    }
  }

  static Merged<byte[]> icalendar(Supplier<Optional<byte[]>> base, byte[] ours, byte[] theirs) {
    try {
      var o = single(ours);
      var t = single(theirs);
      var b = base.get().map(DavContents::single);
      Map<String, ContentLines.Block> bc = b.map(DavContents::components).orElse(Map.of());
      Map<String, ContentLines.Block> oc = components(o);
      Map<String, ContentLines.Block> tc = components(t);
      var top = LineMerge.merge(
          b.map(DavContents::propertiesOnly), propertiesOnly(o), propertiesOnly(t), 0);
      if (!(top instanceof Merged.Ok<List<ContentLines.Item>> topOk)) {
        return Merged.conflict(((Merged.Conflict<?>) top).reason());
      }
      List<ContentLines.Item> items = new ArrayList<>(topOk.value());
      var keys = new LinkedHashSet<>(oc.keySet());
      keys.addAll(tc.keySet());
      for (String key : keys) {
        Optional<ContentLines.Block> bb = Optional.ofNullable(bc.get(key));
        var ob = oc.get(key);
        var tb = tc.get(key);
        if (ob == null || tb == null) {
          var present = ob == null ? tb : ob;
          if (bb.isEmpty()) {
            items.add(present); // added on one side
          } else if (!bb.get().equals(present)) {
            return Merged.conflict(key + " was changed on one side and removed on the other");
          }
          continue;
        }
        long so = LineMerge.number(ob.value("SEQUENCE"));
        long st = LineMerge.number(tb.value("SEQUENCE"));
        switch (LineMerge.merge(bb, ob, tb, Long.compare(st, so))) {
          case Merged.Ok<List<ContentLines.Item>> ok ->
            items.add(new ContentLines.Block(ob.name(), ok.value()));
          case Merged.Conflict<List<ContentLines.Item>> c -> {
            return Merged.conflict(key + ": " + c.reason());
          }
        }
      }
      return Merged.ok(bytes(new ContentLines.Block(o.name(), items)));
    } catch (IllegalArgumentException e) {
      return Merged.conflict("not iCalendar: " + e.getMessage());
    }
  }

  private static ContentLines.Block single(byte[] bytes) {
    List<ContentLines.Block> blocks = ContentLines.parse(bytes);
    if (blocks.size() != 1) {
      throw new IllegalArgumentException("expected one block, found " + blocks.size());
    }
    return blocks.get(0);
  }

  private static ContentLines.Block propertiesOnly(ContentLines.Block b) {
    return new ContentLines.Block(
        b.name(), b.items().stream().filter(i -> i instanceof ContentLines.Line).toList());
  }

  /** The components of a VCALENDAR by identity: type, UID and RECURRENCE-ID, or TZID. */
  private static Map<String, ContentLines.Block> components(ContentLines.Block cal) {
    Map<String, ContentLines.Block> out = new LinkedHashMap<>();
    for (ContentLines.Block c : cal.blocks()) {
      String key = c.name().equals("VTIMEZONE")
          ? "VTIMEZONE " + c.value("TZID")
          : c.name() + " " + c.value("UID") + " " + c.value("RECURRENCE-ID");
      out.merge(key, c, (a, x) -> {
        throw new IllegalArgumentException("two components are " + key);
      });
    }
    return out;
  }

  private static byte[] bytes(ContentLines.Block b) {
    return ContentLines.write(List.of(b)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
