package org.nymote.store;

import java.util.List;
import java.util.Optional;

/**
 * One move of a watched branch that changed something under the watched prefix: the commit before
 * (empty when the branch was created), the commit after, and the changes under the prefix in path
 * order.
 */
public record WatchEvent(
    String branch, Optional<Commit> before, Commit after, List<Change> changes) {
  public WatchEvent {
    changes = List.copyOf(changes);
  }
}
