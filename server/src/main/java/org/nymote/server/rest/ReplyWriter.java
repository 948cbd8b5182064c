package org.nymote.server.rest;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Writes a whole {@link Reply} (not {@link Reply.Events}, see {@link EventStream}). */
final class ReplyWriter {
  private ReplyWriter() {}

  /** Writes {@code reply}; for a HEAD request the headers only, with the body's length. */
  static void write(Reply reply, boolean head, Response response, Callback callback) {
    response.setStatus(reply.status());
    for (Reply.Header h : reply.headers()) {
      response.getHeaders().add(h.name(), h.value());
    }
    // Private data: a cache may keep it only to revalidate by ETag.
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, no-cache");
    switch (reply) {
      case Reply.Json json ->
        body(json.contentType(), Json.write(json.body()), head, response, callback);
      case Reply.Bytes bytes -> body(bytes.contentType(), bytes.body(), head, response, callback);
      case Reply.Empty empty -> response.write(true, BufferUtil.EMPTY_BUFFER, callback);
      case Reply.Events events ->
        throw new IllegalArgumentException("an event stream is written by EventStream");
    }
  }

  private static void body(
      String type, byte[] bytes, boolean head, Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(bytes), callback);
  }
}
