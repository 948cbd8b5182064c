package org.nymote.server.rest;

import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.nymote.server.http.RequestBody;
import org.nymote.server.users.UserName;

/**
 * The parts of an HTTP request a handler reads: method, headers, query parameters and the body,
 * read whole up to a limit. Owned by the request's thread.
 */
final class RestRequest {
  private final Request request;
  private final UserName user;
  private Fields query;

  RestRequest(Request request, UserName user) {
    this.request = request;
    this.user = user;
  }

  /** The authenticated user; null for a resource that needs none. */
  UserName user() {
    return user;
  }

  String method() {
    return request.getMethod();
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  Optional<String> header(HttpHeader name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /** A query parameter; a parameter given twice is refused. */
  Optional<String> query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request);
    }
    Fields.Field field = query.get(name);
    if (field == null) {
      return Optional.empty();
    }
    if (field.getValues().size() > 1) {
      throw new RestException(
          ProblemType.INVALID_REQUEST, "the query parameter '" + name + "' is given twice");
    }
    return Optional.of(field.getValue());
  }

  /**
   * The whole body, at most {@code max} bytes; a larger one gets 413 (after reading and dropping
   * what was sent, up to a bound, so that the client is not cut off before the answer).
   */
  byte[] body(int max) {
    try {
      return RequestBody.readAtMost(request, max).orElseThrow(() -> tooLarge(max));
    } catch (IOException e) {
      throw new RestException(
          ProblemType.INVALID_REQUEST, "the body could not be read whole; send it again");
    }
  }

  private static RestException tooLarge(int max) {
    return new RestException(
        ProblemType.CONTENT_TOO_LARGE,
        "the body is larger than " + max + " bytes (" + (max >> 20) + " MiB), the most accepted");
  }
}
