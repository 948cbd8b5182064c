package org.nymote.server.devices;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Plain-text bodies in and out of the device handlers, with a size limit on the way in. */
final class TextReply {
  private TextReply() {}

  static void send(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, text.endsWith("\n") ? text : text + "\n", callback);
  }

  /** The body as UTF-8 text, or null if it is longer than {@code max} bytes. */
  static String body(Request request, int max) throws IOException {
    if (request.getLength() > max) {
      return null;
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(max + 1);
      return bytes.length > max ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
