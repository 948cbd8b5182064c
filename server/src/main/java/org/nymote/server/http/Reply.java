package org.nymote.server.http;

import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small whole responses: a status and a short text or JSON body. */
public final class Reply {
  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

  private Reply() {}

  /** Answers 405 and returns false unless the request only reads (GET or HEAD). */
  static boolean onlyReads(Request request, Response response, Callback callback) {
    if (READ_METHODS.contains(request.getMethod())) {
      return true;
    }
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    text(response, callback, 405, "method not allowed: use GET\n");
    return false;
  }

  public static void text(Response response, Callback callback, int status, String body) {
    send(response, callback, status, "text/plain; charset=utf-8", body);
  }

  static void json(Response response, Callback callback, int status, String body) {
    send(response, callback, status, "application/json", body);
  }

  private static void send(
      Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, body, callback);
  }
}
