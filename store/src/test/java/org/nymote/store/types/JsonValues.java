package org.nymote.store.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Arbitrary JSON, from a few keys so that both sides of a merge often touch the same field. */
final class JsonValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  static Arbitrary<JsonRecord> records() {
    return objects(2).map(JsonRecord::of);
  }

  static Arbitrary<JsonNode> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-2, 2).map(IntNode::valueOf),
        Arbitraries.bigDecimals()
            .between(new BigDecimal("-10"), new BigDecimal("10"))
            .ofScale(2)
            .map(DecimalNode::valueOf),
        Values.texts().map(TextNode::valueOf),
        Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
  }

  static Arbitrary<JsonNode> values(int depth) {
    if (depth == 0) {
      return scalars();
    }
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalars()), Tuple.of(2, objects(depth - 1)), Tuple.of(1, arrays(depth - 1)));
  }

  static Arbitrary<ObjectNode> objects(int depth) {
    return Arbitraries.maps(Arbitraries.of("a", "b", "c", "d\n\u00e9"), values(depth))
        .ofMaxSize(4)
        .map(fields -> {
          ObjectNode node = NODES.objectNode();
          node.setAll(fields);
          return node;
        });
  }

  private static Arbitrary<ArrayNode> arrays(int depth) {
    return values(depth).list().ofMaxSize(3).map(items -> {
      ArrayNode node = NODES.arrayNode();
      node.addAll(items);
      return node;
    });
  }
}
