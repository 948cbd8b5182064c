package org.nymote.server.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Problem details (RFC 9457): a {@link RestException} as an {@code application/problem+json}. */
final class ProblemWriter {
  static final String MEDIA_TYPE = "application/problem+json";

  private ProblemWriter() {}

  /** {@code {"type", "title", "status", "detail", "instance"}} and the extension members. */
  static Reply.Json reply(RestException problem, String instance) {
    ProblemType type = problem.type();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.uri());
    body.put("title", type.title());
    body.put("status", type.status());
    body.put("detail", problem.detail());
    body.put("instance", instance);
    problem.extensions().forEach(body::putIfAbsent);
    return new Reply.Json(type.status(), MEDIA_TYPE, body, problem.headers());
  }
}
