package org.nymote.dav.collection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nymote.dav.ical.CalendarObject;
import org.nymote.store.Path;
import org.nymote.store.types.JsonRecord;

/**
 * A collection's metadata record, {@code .collection.json} inside its directory: its kind, the
 * properties PROPPATCH and MKCOL set (display name, description, colour, components, and any dead
 * property by its {@code {namespace}name}). A JSON record, so replicas merge it field by field.
 */
public record CollectionMeta(Map<String, String> fields) {
  public static final String FILE = ".collection.json";
  public static final String TYPE = "type";
  public static final String COMPONENTS = "components";
  private static final String ALL_COMPONENTS = String.join(",", CalendarObject.TYPES);

  public CollectionMeta {
    fields = Map.copyOf(fields);
  }

  public static Path path(Path collection) {
    return collection.child(FILE);
  }

  public static CollectionMeta of(Kind kind) {
    var f = new TreeMap<String, String>();
    f.put(TYPE, kind.home());
    if (kind == Kind.CALENDAR) {
      f.put(COMPONENTS, ALL_COMPONENTS);
    }
    return new CollectionMeta(f);
  }

  public Optional<String> find(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  public CollectionMeta with(String field, Optional<String> value) {
    var f = new TreeMap<>(fields);
    value.ifPresentOrElse(v -> f.put(field, v), () -> f.remove(field));
    return new CollectionMeta(f);
  }

  public java.util.Set<String> components() {
    return java.util.Set.of(find(COMPONENTS).orElse(ALL_COMPONENTS).split(","));
  }

  public byte[] encode() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    new TreeMap<>(fields).forEach(o::put);
    return JsonRecord.CONTENTS.encode(JsonRecord.of(o));
  }

  public static CollectionMeta decode(byte[] bytes) {
    JsonRecord r = JsonRecord.CONTENTS.decode(bytes);
    var f = new TreeMap<String, String>();
    for (String name : r.fieldNames()) {
      r.find(name).filter(n -> n.isTextual()).ifPresent(n -> f.put(name, n.asText()));
    }
    return new CollectionMeta(f);
  }
}
