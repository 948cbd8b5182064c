package org.nymote.store.internal;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/** A subdirectory entry: the top node of the directory. */
public record Dir(Node node) implements Entry {
  @Override
  public ObjectId id() {
    return node.id();
  }

  @Override
  public int mode() {
    return FileMode.TREE.getBits();
  }
}
