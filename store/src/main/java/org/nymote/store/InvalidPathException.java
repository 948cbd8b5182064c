package org.nymote.store;

/** A path that the store refuses, with the offending text and the reason. */
public final class InvalidPathException extends StoreException {
  private final String path;

  public InvalidPathException(String path, String reason) {
    super("invalid path '" + path + "': " + reason);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
