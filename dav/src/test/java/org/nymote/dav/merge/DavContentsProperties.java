package org.nymote.dav.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.store.Merged;

/**
 * The merge laws for vCards, over random edits from a common base: two sides that edit disjoint
 * properties always merge, to the same properties whichever side is ours, keeping every edit.
 */
class DavContentsProperties {
  static final List<String> NAMES = List.of("FN", "NOTE", "TEL", "TITLE", "ORG", "NICKNAME");

  @Property(tries = 200)
  void disjointEditsMergeCommutativelyAndKeepBothSides(
      @ForAll("cards") Map<String, String> base,
      @ForAll("edits") Map<String, String> ours,
      @ForAll("edits") Map<String, String> theirs) {
    Map<String, String> o = new TreeMap<>(base);
    Map<String, String> t = new TreeMap<>(base);
    ours.forEach(o::put);
    theirs.forEach((k, v) -> {
      if (!ours.containsKey(k)) {
        t.put(k, v);
      }
    });

    var ab = merge(base, o, t);
    var ba = merge(base, t, o);

    Map<String, String> expected = new TreeMap<>(o);
    t.forEach((k, v) -> {
      if (!v.equals(base.get(k))) {
        expected.put(k, v);
      }
    });
    assertThat(properties(ab)).isEqualTo(expected);
    assertThat(properties(ba)).isEqualTo(expected);
  }

  @Property(tries = 100)
  void mergingWithAnUnchangedSideGivesTheOtherSide(
      @ForAll("cards") Map<String, String> base, @ForAll("edits") Map<String, String> edits) {
    Map<String, String> changed = new TreeMap<>(base);
    changed.putAll(edits);

    assertThat(properties(merge(base, changed, base))).isEqualTo(changed);
    assertThat(properties(merge(base, base, changed))).isEqualTo(changed);
  }

  @Provide
  Arbitrary<Map<String, String>> cards() {
    return Combinators.combine(value(), value(), value())
        .as((a, b, c) -> new TreeMap<>(Map.of("FN", a, "NOTE", b, "TEL", c)));
  }

  @Provide
  Arbitrary<Map<String, String>> edits() {
    return Arbitraries.maps(Arbitraries.of(NAMES), value()).ofMaxSize(3);
  }

  private static Arbitrary<String> value() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
  }

  private static byte[] card(Map<String, String> props) {
    var s = new StringBuilder("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u\r\n");
    props.forEach((k, v) -> s.append(k).append(':').append(v).append("\r\n"));
    return s.append("END:VCARD\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] merge(
      Map<String, String> base, Map<String, String> ours, Map<String, String> theirs) {
    var m = DavContents.VCARD.merge(() -> Optional.of(card(base)), card(ours), card(theirs));
    assertThat(m).isInstanceOf(Merged.Ok.class);
    return ((Merged.Ok<byte[]>) m).value();
  }

  private static Map<String, String> properties(byte[] card) {
    Map<String, String> out = new TreeMap<>();
    List<String> seen = new ArrayList<>();
    for (var line : ContentLines.parse(card).get(0).items()) {
      var l = (ContentLines.Line) line;
      if (!List.of("VERSION", "UID").contains(l.name())) {
        assertThat(seen).doesNotContain(l.name());
        seen.add(l.name());
        out.put(l.name(), l.value());
      }
    }
    return out;
  }
}
