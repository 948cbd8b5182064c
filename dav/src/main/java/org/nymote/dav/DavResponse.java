package org.nymote.dav;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a WebDAV request is answered: status, headers and body, the body either in bytes or, for a
 * large reply, {@link #stream written} as it is made. Immutable.
 */
public record DavResponse(
    int status, Map<String, String> headers, byte[] body, java.util.Optional<Body> stream) {
  public static final String XML = "application/xml; charset=utf-8";

  /** A body written to the client as it is made, so it need not be held whole. */
  @FunctionalInterface
  public interface Body {
    void writeTo(java.io.OutputStream out) throws java.io.IOException;
  }

  public DavResponse {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public DavResponse(int status, Map<String, String> headers, byte[] body) {
    this(status, headers, body, java.util.Optional.empty());
  }

  /** An XML reply written by {@code body} as the client reads it. */
  public static DavResponse streamedXml(int status, Body body) {
    return new DavResponse(
        status, Map.of("Content-Type", XML), new byte[0], java.util.Optional.of(body));
  }

  /** The whole body, written out first if it is streamed (for callers in process). */
  public byte[] bytes() {
    if (stream.isEmpty()) {
      return body;
    }
    var out = new java.io.ByteArrayOutputStream();
    try {
      stream.get().writeTo(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static DavResponse empty(int status) {
    return new DavResponse(status, Map.of(), new byte[0]);
  }

  public static DavResponse xml(int status, String xml) {
    return new DavResponse(
        status, Map.of("Content-Type", XML), xml.getBytes(StandardCharsets.UTF_8));
  }

  public static DavResponse text(int status, String text) {
    return new DavResponse(
        status,
        Map.of("Content-Type", "text/plain; charset=utf-8"),
        (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** This response with one more header. */
  public DavResponse with(String name, String value) {
    var h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new DavResponse(status, h, body, stream);
  }
}
