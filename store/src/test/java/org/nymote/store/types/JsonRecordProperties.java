package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nymote.store.types.Laws.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class JsonRecordProperties {
  private static final Contents<JsonRecord> C = JsonRecord.CONTENTS;

  /**
   * Sets a field owned by the editing replica (deletes it when {@code value} is empty), at the top
   * level or inside the object {@code shared} that every replica edits.
   */
  record Edit(boolean shared, String name, Optional<JsonNode> value) {}

  @Property(tries = 200)
  void encodingRoundTrips(@ForAll("records") JsonRecord value) {
    Laws.roundTrips(C, value);
  }

  @Property(tries = 200)
  void equalRecordsAreEqualBytes(@ForAll("records") JsonRecord value) {
    ObjectNode reversed = JsonNodeFactory.instance.objectNode();
    fields(value.toObjectNode()).descendingMap().forEach(reversed::set);
    assertThat(C.encode(JsonRecord.of(reversed))).isEqualTo(C.encode(value));
  }

  @Property(tries = 200)
  void decodingMangledBytesSucceedsOrThrowsIllegalArgument(
      @ForAll("records") JsonRecord value, @ForAll int at, @ForAll byte b, @ForAll int kind) {
    Laws.decodesOrRefuses(C, Laws.mutate(C.encode(value), at, b, kind));
  }

  @Property(tries = 200)
  void aChangeOnOneSideOnlyIsKept(
      @ForAll("records") JsonRecord base, @ForAll("records") JsonRecord x) {
    assertThat(merge(C, base, x, base)).isEqualTo(Merged.ok(x));
    assertThat(merge(C, base, base, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void mergeIsCommutativeConflictsIncluded(
      @ForAll("maybeRecords") Optional<JsonRecord> base,
      @ForAll("records") JsonRecord ours,
      @ForAll("records") JsonRecord theirs) {
    assertThat(merge(C, base, ours, theirs)).isEqualTo(merge(C, base, theirs, ours));
  }

  @Property(tries = 200)
  void mergeIsIdempotent(@ForAll("records") JsonRecord base, @ForAll("records") JsonRecord x) {
    assertThat(merge(C, base, x, x)).isEqualTo(Merged.ok(x));
  }

  @Property(tries = 200)
  void concurrentEditsOfDifferentFieldsConvergeWithEveryLastEditKept(
      @ForAll("histories") List<Replicas.Step<Edit>> steps) {
    TreeMap<String, JsonNode> top = new TreeMap<>();
    TreeMap<String, JsonNode> shared = new TreeMap<>();
    JsonRecord initial = JsonRecord.parse("{\"shared\": {}}");
    JsonRecord merged = new Replicas<>(C, initial).play(steps, (r, record, edit) -> {
      String name = edit.name() + r;
      TreeMap<String, JsonNode> model = edit.shared() ? shared : top;
      edit.value().ifPresentOrElse(v -> model.put(name, v), () -> model.remove(name));
      if (!edit.shared()) {
        return edit.value().map(v -> record.with(name, v)).orElseGet(() -> record.without(name));
      }
      ObjectNode inner = (ObjectNode) record.find("shared").orElseThrow();
      edit.value().ifPresentOrElse(v -> inner.set(name, v), () -> inner.remove(name));
      return record.with("shared", inner);
    });
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.setAll(top);
    expected.putObject("shared").setAll(shared);
    assertThat(merged).isEqualTo(JsonRecord.of(expected));
  }

  private static TreeMap<String, JsonNode> fields(ObjectNode node) {
    TreeMap<String, JsonNode> fields = new TreeMap<>();
    node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
    return fields;
  }

  @Provide
  Arbitrary<JsonRecord> records() {
    return JsonValues.records();
  }

  @Provide
  Arbitrary<Optional<JsonRecord>> maybeRecords() {
    return JsonValues.records().optional(0.8);
  }

  @Provide
  Arbitrary<List<Replicas.Step<Edit>>> histories() {
    return Replicas.histories(Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of("a", "b"),
            JsonValues.values(1).optional(0.8))
        .as(Edit::new));
  }
}
