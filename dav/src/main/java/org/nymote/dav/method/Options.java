package org.nymote.dav.method;

import org.nymote.dav.DavResponse;

/** OPTIONS (RFC 4918 §10.1, RFC 4791 §5.1, RFC 6352 §6.1, RFC 5689 §3): what this server does. */
public final class Options {
  public static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, "
      + "MKCOL, MKCALENDAR, COPY, MOVE, REPORT";

  private Options() {}

  public static DavResponse handle() {
    return DavResponse.empty(200)
        .with("DAV", "1, 3, calendar-access, addressbook, extended-mkcol")
        .with("Allow", ALLOW)
        .with("Content-Length", "0");
  }
}
