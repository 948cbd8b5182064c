package org.nymote.dav.method;

import org.eclipse.jgit.lib.ObjectId;
import org.nymote.dav.DavException;
import org.nymote.dav.collection.DavPath;
import org.nymote.dav.collection.DavStore;
import org.nymote.store.Commit;

/** What every method needs: the URL prefix, the store, and the size limit on a resource. */
public record DavContext(String prefix, DavStore store, int maxResourceBytes) {
  /** The sync-token URI for a commit (RFC 6578 §3.2: a URI; here the commit id). */
  public static final String TOKEN_PREFIX = "http://nymote.org/ns/sync/";

  public String href(DavPath p) {
    return p.href(prefix);
  }

  public static String token(java.util.Optional<Commit> head) {
    return TOKEN_PREFIX + head.map(c -> c.id().name()).orElse("0");
  }

  /** A strong ETag for a blob or tree id. */
  public static String etag(ObjectId id) {
    return "\"" + id.name() + "\"";
  }

  /** The path named by an href in a request body or a Destination header. */
  public DavPath resolve(String href) {
    return DavPath.parse(prefix, DavPath.decodeHref(href));
  }

  /** The collection a path must be; 405/409 when it is something else. */
  static DavPath.Collection collection(DavPath p) {
    if (p instanceof DavPath.Collection c) {
      return c;
    }
    throw new DavException(405, "this method applies to a calendar or address book");
  }
}
