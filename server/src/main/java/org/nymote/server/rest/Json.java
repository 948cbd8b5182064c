package org.nymote.server.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * JSON in and out: request bodies read as one object (at most 1 MiB, of a JSON media type), and
 * replies written from records. Thread-safe.
 */
final class Json {
  /** The largest JSON request body accepted. */
  static final int MAX_BODY = 1 << 20;

  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build())
      .build();

  private Json() {}

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a reply as JSON", e);
    }
  }

  /**
   * The request's body as a JSON object. A request with no {@code Content-Type} is read as JSON;
   * another type than {@code application/json} (or {@code +json}) gets 415.
   */
  static Body read(RestRequest request) {
    request.header(HttpHeader.CONTENT_TYPE).ifPresent(Json::checkMediaType);
    byte[] bytes = request.body(MAX_BODY);
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : "";
      throw new RestException(ProblemType.MALFORMED_JSON, "the body is not valid JSON: " + reason);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new RestException(ProblemType.MALFORMED_JSON, "the body must be a JSON object");
    }
    return new Body(object);
  }

  private static void checkMediaType(String contentType) {
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !type.endsWith("+json")) {
      throw new RestException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json, not " + type);
    }
  }

  /** A JSON object from a request, with its string fields checked one by one. */
  record Body(ObjectNode object) {
    /** A string field that must be there. */
    String string(String field) {
      return optionalString(field)
          .orElseThrow(() -> new RestException(
              ProblemType.MALFORMED_JSON, "the body needs a string field \"" + field + "\""));
    }

    /** A string field that may be absent or null. */
    Optional<String> optionalString(String field) {
      JsonNode node = object.get(field);
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (!node.isTextual()) {
        throw new RestException(
            ProblemType.MALFORMED_JSON, "the field \"" + field + "\" must be a string");
      }
      return Optional.of(node.asText());
    }
  }
}
