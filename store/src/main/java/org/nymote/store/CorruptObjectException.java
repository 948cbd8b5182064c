package org.nymote.store;

/** An object in the repository is missing or does not parse: the repository needs repair. */
public final class CorruptObjectException extends StoreException {
  public CorruptObjectException(String message) {
    super(message);
  }

  public CorruptObjectException(String message, Throwable cause) {
    super(message, cause);
  }
}
