package org.nymote.dav.method;

import java.util.Arrays;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.dav.DavException;
import org.nymote.dav.DavRequest;

/** If-Match and If-None-Match (RFC 9110 §13.1) against a resource's current ETag. */
final class Conditions {
  private Conditions() {}

  /** Throws 412 unless the request's conditions hold for {@code current} (empty: absent). */
  static void check(DavRequest r, Optional<ObjectId> current) {
    r.header("If-Match").ifPresent(h -> {
      if (current.isEmpty() || !(h.strip().equals("*") || listed(h, current.get()))) {
        throw new DavException(412, "If-Match: the resource's ETag is not " + h);
      }
    });
    r.header("If-None-Match").ifPresent(h -> {
      if (current.isPresent() && (h.strip().equals("*") || listed(h, current.get()))) {
        throw new DavException(412, "If-None-Match: the resource exists with that ETag");
      }
    });
  }

  private static boolean listed(String header, ObjectId id) {
    String etag = DavContext.etag(id);
    return Arrays.stream(header.split(","))
        .map(String::strip)
        .anyMatch(t -> t.equals(etag) || t.equals("W/" + etag));
  }
}
