package org.nymote.store;

import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/** An immutable commit: its id, parents (oldest history last), root tree id and info. */
public record Commit(ObjectId id, List<ObjectId> parents, ObjectId treeId, Info info) {
  public Commit {
    parents = List.copyOf(parents);
  }

  /** The first parent, the line a branch followed; empty for a root commit. */
  public java.util.Optional<ObjectId> parent() {
    return parents.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(parents.get(0));
  }

  public String shortId() {
    return id.abbreviate(10).name();
  }
}
