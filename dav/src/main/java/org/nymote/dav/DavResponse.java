package org.nymote.dav;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a WebDAV request is answered: status, headers and body. Immutable. */
public record DavResponse(int status, Map<String, String> headers, byte[] body) {
  public static final String XML = "application/xml; charset=utf-8";

  public DavResponse {
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
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
    return new DavResponse(status, h, body);
  }
}
