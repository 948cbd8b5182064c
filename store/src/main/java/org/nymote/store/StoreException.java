package org.nymote.store;

/** The root of the store's failures that a caller can act on; the message says what to do. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
