package org.nymote.server.rest;

import org.eclipse.jgit.lib.ObjectId;

/** Object ids as the API writes them: 40 lower-case hex digits, and quoted as entity tags. */
final class Ids {
  private Ids() {}

  static String name(ObjectId id) {
    return id.name();
  }

  /** A name as one percent-encoded URL path segment. */
  static String pathSegment(String name) {
    return org.eclipse.jetty.util.URIUtil.encodePath(name).replace("/", "%2F");
  }

  static String etag(String id) {
    return "\"" + id + "\"";
  }
}
