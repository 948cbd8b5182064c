package org.nymote.mail.store;

/**
 * An operation the mailstore refuses, with the reason as a value that a protocol maps to its own
 * status (IMAP {@code NO [NONEXISTENT]}, {@code NO [ALREADYEXISTS]} ...).
 */
public final class MailStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    NONEXISTENT,
    ALREADYEXISTS,
    CANNOT,
    INVALID,
    TOOBIG,
    MODIFIED
  }

  private final Reason reason;

  public MailStoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
