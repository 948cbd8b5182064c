package org.nymote.store.types;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.nymote.store.Contents;
import org.nymote.store.Merge;
import org.nymote.store.Merged;
import org.nymote.store.Merges;

/**
 * A JSON object merged field by field, three-way, recursing into nested objects. A field changed on
 * one side only takes that change; a field added on one side is added; a field deleted on one side
 * and unchanged on the other is deleted. A field changed on both sides to different values that are
 * not both objects (arrays and scalars are taken whole), or deleted on one side and changed on the
 * other, is a conflict whose reason names the field by its path, such as {@code address: city:
 * changed to different values on both sides}; every conflicting field is named.
 *
 * <p>Laws: {@code merge(b, x, b) == x}, {@code merge(b, b, x) == x}, commutative (conflicts
 * included), idempotent; convergent as long as no merge conflicts.
 *
 * <p>Values are immutable and canonical: numbers are exact decimals without trailing zeros (so
 * {@code 1.50} is {@code 1.5} and {@code 2.0} is {@code 2}), and the encoding is indented UTF-8
 * JSON with keys sorted and a final line feed, so equal records are equal bytes and {@code git
 * diff} shows one changed field per line. Decoding accepts any JSON object (UTF-8, no duplicate
 * keys, at most 1000 levels deep). Thread-safe.
 */
public final class JsonRecord {
  /** The contents type of JSON records, named {@code json-record}. */
  public static final Contents<JsonRecord> CONTENTS =
      Contents.of("json-record", JsonRecord::encode, JsonRecord::decode, JsonRecord::merge);

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();
  private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));
  private static final Merge<JsonNode> VALUES = Merges.atomic(JsonRecord::bothChanged);
  private static final Merge<Map<String, JsonNode>> FIELDS = Merges.map(VALUES);
  private static final JsonRecord EMPTY = new JsonRecord(MAPPER.createObjectNode());

  /** Canonical, and never changed or handed out. */
  private final ObjectNode fields;

  private JsonRecord(ObjectNode canonical) {
    this.fields = canonical;
  }

  public static JsonRecord empty() {
    return EMPTY;
  }

  /** A record of a copy of {@code fields}, made canonical. */
  public static JsonRecord of(ObjectNode fields) {
    return decode(Text.utf8(write(fields)));
  }

  /** Parses a JSON object; throws {@link IllegalArgumentException} for anything else. */
  public static JsonRecord parse(String json) {
    return decode(Text.utf8(json));
  }

  /** The value of a field, a copy. */
  public Optional<JsonNode> find(String field) {
    return Optional.ofNullable(fields.get(field)).map(JsonNode::deepCopy);
  }

  /** The names of the fields, sorted. */
  public Set<String> fieldNames() {
    return new TreeSet<>(properties(fields).keySet());
  }

  /** This record with {@code field} set to a copy of {@code value}. */
  public JsonRecord with(String field, JsonNode value) {
    ObjectNode next = fields.deepCopy();
    next.set(field, value.deepCopy());
    return of(next);
  }

  /** This record without {@code field}. */
  public JsonRecord without(String field) {
    ObjectNode next = fields.deepCopy();
    next.remove(field);
    return new JsonRecord(next);
  }

  /** The fields as a Jackson object, a copy. */
  public ObjectNode toObjectNode() {
    return fields.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonRecord r && fields.equals(r.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** The canonical JSON text, as encoded. */
  @Override
  public String toString() {
    return write(fields);
  }

  private static byte[] encode(JsonRecord record) {
    return Text.utf8(write(record.fields));
  }

  private static JsonRecord decode(byte[] bytes) {
    String text = Text.decodeUtf8(bytes);
    try {
      JsonNode parsed = MAPPER.readTree(text);
      if (!(parsed instanceof ObjectNode)) {
        throw new IllegalArgumentException("not a JSON object");
      }
      // Written and read again, numbers take the one node type their text reads as.
      return new JsonRecord((ObjectNode) MAPPER.readTree(write(parsed)));
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Merged<JsonRecord> merge(
      Supplier<Optional<JsonRecord>> base, JsonRecord ours, JsonRecord theirs) {
    return Merges.mapOk(
        FIELDS.merge(
            () -> base.get().map(r -> properties(r.fields)),
            properties(ours.fields),
            properties(theirs.fields)),
        merged -> new JsonRecord(object(merged)));
  }

  /** Both sides changed a field differently: objects merge field by field, the rest conflicts. */
  private static Merged<JsonNode> bothChanged(
      Supplier<Optional<JsonNode>> base, JsonNode ours, JsonNode theirs) {
    if (ours instanceof ObjectNode o && theirs instanceof ObjectNode t) {
      return Merges.mapOk(
          FIELDS.merge(
              () -> base.get()
                  .filter(ObjectNode.class::isInstance)
                  .map(b -> properties((ObjectNode) b)),
              properties(o),
              properties(t)),
          JsonRecord::object);
    }
    return Merged.conflict("changed to different values on both sides");
  }

  private static Map<String, JsonNode> properties(ObjectNode node) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  private static ObjectNode object(Map<String, JsonNode> properties) {
    ObjectNode node = MAPPER.createObjectNode();
    node.setAll(properties);
    return node;
  }
}
