package org.nymote.store;

import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One value that differs between two trees: added ({@code before} empty), removed ({@code after}
 * empty) or changed. Ids are blob ids; read the bytes from the trees when needed.
 */
public record Change(Path path, Optional<ObjectId> before, Optional<ObjectId> after) {
  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  public Kind kind() {
    if (before.isEmpty()) {
      return Kind.ADDED;
    }
    return after.isEmpty() ? Kind.REMOVED : Kind.CHANGED;
  }

  @Override
  public String toString() {
    return switch (kind()) {
      case ADDED -> "+ " + path;
      case REMOVED -> "- " + path;
      case CHANGED -> "M " + path;
    };
  }
}
