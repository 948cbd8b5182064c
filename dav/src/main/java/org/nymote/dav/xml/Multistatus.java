package org.nymote.dav.xml;

import java.util.List;

/**
 * A DAV:multistatus body (RFC 4918 §13): responses with propstats, or with a status alone. Not
 * thread-safe; build, then {@link #toString}.
 */
public final class Multistatus {
  private final XmlWriter out = new XmlWriter();
  private boolean open;

  public Multistatus() {
    out.start(Names.dav("multistatus"));
  }

  /** A response for {@code href}: properties found (200) and those not (404). */
  public void propstat(String href, XmlWriter found, List<javax.xml.namespace.QName> missing) {
    out.start(Names.dav("response")).element(Names.dav("href"), href);
    if (!found.isEmpty() || missing.isEmpty()) {
      out.start(Names.dav("propstat")).start(Names.dav("prop")).raw(found);
      out.end(Names.dav("prop")).element(Names.dav("status"), status(200));
      out.end(Names.dav("propstat"));
    }
    if (!missing.isEmpty()) {
      out.start(Names.dav("propstat")).start(Names.dav("prop"));
      for (var m : missing) {
        out.empty(m);
      }
      out.end(Names.dav("prop")).element(Names.dav("status"), status(404));
      out.end(Names.dav("propstat"));
    }
    out.end(Names.dav("response"));
  }

  /** A response for properties that all share one status (PROPPATCH). */
  public void propstatus(String href, List<javax.xml.namespace.QName> names, int status) {
    out.start(Names.dav("response")).element(Names.dav("href"), href);
    out.start(Names.dav("propstat")).start(Names.dav("prop"));
    for (var n : names) {
      out.empty(n);
    }
    out.end(Names.dav("prop")).element(Names.dav("status"), status(status));
    out.end(Names.dav("propstat")).end(Names.dav("response"));
  }

  /** A response with a status alone, as for a member removed since a sync-token (404). */
  public void status(String href, int status) {
    out.start(Names.dav("response")).element(Names.dav("href"), href);
    out.element(Names.dav("status"), status(status)).end(Names.dav("response"));
  }

  /** Ends the document with a DAV:sync-token (RFC 6578). */
  public String finishWithToken(String token) {
    out.element(Names.SYNC_TOKEN, token);
    return finish();
  }

  public String finish() {
    if (!open) {
      open = true;
      out.end(Names.dav("multistatus"));
    }
    return out.toString();
  }

  public static String status(int code) {
    return "HTTP/1.1 " + code + " "
        + switch (code) {
          case 200 -> "OK";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 409 -> "Conflict";
          case 424 -> "Failed Dependency";
          case 507 -> "Insufficient Storage";
          default -> "Status";
        };
  }
}
