package org.nymote.store;

/** Another process holds the repository open for writing. */
public final class RepositoryLockedException extends StoreException {
  public RepositoryLockedException(String message) {
    super(message);
  }
}
