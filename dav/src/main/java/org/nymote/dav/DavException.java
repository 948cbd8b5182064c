package org.nymote.dav;

import java.util.Optional;
import javax.xml.namespace.QName;

/**
 * A request refused in WebDAV's terms: an HTTP status, a reason for a person, and where the RFC
 * names one, the precondition element that goes into a {@code DAV:error} body (RFC 4918 §16).
 */
public final class DavException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient QName precondition;

  public DavException(int status, String reason) {
    this(status, null, reason);
  }

  public DavException(int status, QName precondition, String reason) {
    super(reason);
    this.status = status;
    this.precondition = precondition;
  }

  public int status() {
    return status;
  }

  public Optional<QName> precondition() {
    return Optional.ofNullable(precondition);
  }
}
