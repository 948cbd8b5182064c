package org.nymote.store;

/**
 * A write or read failed at the file system (disk full, permissions, I/O error). Nothing of the
 * failed update was acknowledged; the repository stays readable at its last durable state.
 */
public final class StoreIOException extends StoreException {
  public StoreIOException(String message, Throwable cause) {
    super(message, cause);
  }
}
