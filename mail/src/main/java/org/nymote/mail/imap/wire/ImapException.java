package org.nymote.mail.imap.wire;

/**
 * A command failed in IMAP's own terms: a tagged {@code NO} or {@code BAD} with an optional
 * response code ({@code NONEXISTENT}, {@code TOOBIG} ...), or a {@code BYE} that ends the
 * connection. Turned into bytes in one place, the session loop.
 */
public final class ImapException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The status of the tagged response (or BYE). */
  public enum Status {
    NO,
    BAD,
    BYE
  }

  private final Status status;
  private final String code;

  public ImapException(Status status, String code, String text) {
    super(text);
    this.status = status;
    this.code = code;
  }

  public static ImapException bad(String text) {
    return new ImapException(Status.BAD, null, text);
  }

  public static ImapException no(String code, String text) {
    return new ImapException(Status.NO, code, text);
  }

  public Status status() {
    return status;
  }

  /** The response code without brackets, or null. */
  public String code() {
    return code;
  }
}
