package org.nymote.server.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (a request it refuses before any handler: a URL it finds ambiguous, a
 * header too large ...) as problem details (RFC 9457) for {@code /api/} requests, like every other
 * API error; the quiet HTML page for the rest. Neither shows an exception or a stack trace.
 */
public final class RestErrors extends ErrorHandler {
  public RestErrors() {
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    if (path == null || !(path.equals("/api") || path.startsWith("/api/"))) {
      super.generateResponse(request, response, code, message, cause, callback);
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemWriter.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    byte[] body = Json.write(problem(code, message, path));
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    boolean head = "HEAD".equals(request.getMethod());
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
  }

  /** The problem for a status Jetty chose; its message only for a client error (no internals). */
  static Map<String, Object> problem(int code, String message, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean client = code >= 400 && code < 500;
    if (code == 400) {
      body.put("type", ProblemType.INVALID_URL.uri());
      body.put("title", ProblemType.INVALID_URL.title());
    } else {
      // RFC 9457 4.2.1: with no more specific type, about:blank and the status's own phrase.
      body.put("type", "about:blank");
      body.put("title", HttpStatus.getMessage(code));
    }
    body.put("status", code);
    String why =
        client && message != null && !message.isBlank() ? message : HttpStatus.getMessage(code);
    body.put(
        "detail",
        code == 400
            ? "the server refused the request before the API saw it: " + why + ". In a path,"
                + " a '/' inside a name is written %2F and a '%' %25; encoded dots (%2E) are"
                + " refused"
            : "the server refused the request before the API saw it: " + why);
    body.put("instance", instance);
    return body;
  }
}
