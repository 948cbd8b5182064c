package org.nymote.store;

import java.util.List;

/**
 * An update that could not be applied: concurrent writers kept winning and our change conflicted
 * with theirs each time, until the retry budget ran out. Nothing of it was committed.
 */
public final class UpdateFailedException extends StoreException {
  private final List<Conflict> conflicts;

  public UpdateFailedException(String message, List<Conflict> conflicts) {
    super(message);
    this.conflicts = List.copyOf(conflicts);
  }

  /** The conflicts of the last attempt. */
  public List<Conflict> conflicts() {
    return conflicts;
  }
}
