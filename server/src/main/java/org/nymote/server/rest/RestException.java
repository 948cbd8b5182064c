package org.nymote.server.rest;

import java.util.List;
import java.util.Map;

/**
 * A request the API refuses: the problem's type, the detail (what went wrong and what to do), any
 * extension members (such as {@code conflicts}) and headers (such as {@code Allow}). Thrown from
 * parsing and handling, even from inside a store update, where it aborts the change; turned into
 * {@code application/problem+json} in one place, {@link ProblemWriter}.
 */
final class RestException extends RuntimeException {
  private final ProblemType type;
  private final Map<String, Object> extensions;
  private final List<Reply.Header> headers;

  RestException(ProblemType type, String detail) {
    this(type, detail, Map.of(), List.of());
  }

  RestException(
      ProblemType type, String detail, Map<String, Object> extensions, List<Reply.Header> headers) {
    super(detail, null, false, false);
    this.type = type;
    this.extensions = Map.copyOf(extensions);
    this.headers = List.copyOf(headers);
  }

  ProblemType type() {
    return type;
  }

  String detail() {
    return getMessage();
  }

  Map<String, Object> extensions() {
    return extensions;
  }

  List<Reply.Header> headers() {
    return headers;
  }
}
