package org.nymote.dav;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One WebDAV request as the HTTP front hands it over: method, decoded path, headers, the whole body
 * (already cut at the front's limit) and the authenticated user. Immutable.
 */
public record DavRequest(
    String method, String path, Map<String, String> headers, byte[] body, String user) {
  public DavRequest {
    var lower = new TreeMap<String, String>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    headers = Map.copyOf(lower);
  }

  /** A header by name, case-insensitive. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The Depth header: 0, 1 or infinity (-1); {@code fallback} when absent. */
  public int depth(int fallback) {
    return header("Depth")
        .map(d -> switch (d.strip().toLowerCase(Locale.ROOT)) {
          case "0" -> 0;
          case "1" -> 1;
          case "infinity" -> -1;
          default -> throw new DavException(400, "Depth must be 0, 1 or infinity");
        })
        .orElse(fallback);
  }
}
