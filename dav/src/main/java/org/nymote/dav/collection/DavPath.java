package org.nymote.dav.collection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.nymote.dav.DavException;
import org.nymote.store.InvalidPathException;
import org.nymote.store.Path;

/**
 * What a URL under the DAV prefix names, parsed from its decoded path: {@code /dav/} (the root),
 * {@code /dav/USER/} (the principal), {@code /dav/USER/calendars/} (a home), {@code
 * /dav/USER/calendars/ID/} (a collection), {@code /dav/USER/calendars/ID/NAME} (a resource).
 */
public sealed interface DavPath {
  record Root() implements DavPath {}

  record Principal(String user) implements DavPath {}

  record Home(String user, Kind kind) implements DavPath {}

  record Collection(String user, Kind kind, String id) implements DavPath {
    public Path store() {
      return kind.collection(id);
    }

    public Resource resource(String name) {
      return new Resource(this, name);
    }
  }

  record Resource(Collection collection, String name) implements DavPath {
    public Path store() {
      return collection.store().child(name);
    }
  }

  /** Parses a decoded path; 404 for anything outside the layout. */
  static DavPath parse(String prefix, String path) {
    if (!path.startsWith(prefix)) {
      throw new DavException(404, "not under " + prefix);
    }
    List<String> s = new ArrayList<>();
    for (String part : path.substring(prefix.length()).split("/")) {
      if (!part.isEmpty()) {
        s.add(part);
      }
    }
    if (s.isEmpty()) {
      return new Root();
    }
    String user = s.get(0);
    if (s.size() == 1) {
      return new Principal(user);
    }
    Kind kind =
        Kind.ofHome(s.get(1)).orElseThrow(() -> new DavException(404, "no such home: " + s.get(1)));
    if (s.size() == 2) {
      return new Home(user, kind);
    }
    var collection = new Collection(user, kind, checkName(s.get(2)));
    if (s.size() == 3) {
      return collection;
    }
    if (s.size() == 4) {
      return collection.resource(checkName(s.get(3)));
    }
    throw new DavException(404, "collections hold resources only, not folders");
  }

  /** The user a path belongs to; empty for the root. */
  default java.util.Optional<String> owner() {
    return java.util.Optional.ofNullable(
        switch (this) {
          case Root r -> null;
          case Principal p -> p.user();
          case Home h -> h.user();
          case Collection c -> c.user();
          case Resource r -> r.collection().user();
        });
  }

  /** The path of this resource under {@code prefix}, percent-encoded, as an href. */
  default String href(String prefix) {
    return switch (this) {
      case Root r -> prefix + "/";
      case Principal p -> prefix + "/" + encode(p.user()) + "/";
      case Home h -> prefix + "/" + encode(h.user()) + "/" + h.kind().home() + "/";
      case Collection c -> new Home(c.user(), c.kind()).href(prefix) + encode(c.id()) + "/";
      case Resource r -> r.collection().href(prefix) + encode(r.name());
    };
  }

  /** A name usable as a store segment that is not hidden (the metadata record is). */
  static String checkName(String name) {
    if (name.startsWith(".")) {
      throw new DavException(403, "names starting with a dot are reserved");
    }
    try {
      Path.checkSegment(name);
    } catch (InvalidPathException e) {
      throw new DavException(400, "not a valid name: " + e.getMessage());
    }
    return name;
  }

  /** Percent-encodes one path segment (RFC 3986 pchar, unreserved kept). */
  static String encode(String segment) {
    boolean plain = true;
    for (int i = 0; i < segment.length() && plain; i++) {
      plain = unreserved(segment.charAt(i));
    }
    if (plain) {
      return segment;
    }
    var out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (unreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~@+=,".indexOf(c) >= 0;
  }

  /** The decoded path of an href (absolute URL or absolute path). */
  static String decodeHref(String href) {
    try {
      URI uri = URI.create(href.strip());
      String path = uri.getRawPath();
      if (path == null) {
        throw new DavException(400, "not a path: " + href);
      }
      return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new DavException(400, "not a valid href: " + href);
    }
  }
}
