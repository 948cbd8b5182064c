package org.nymote.store.internal;

import org.eclipse.jgit.lib.ObjectId;

/** What a name in a directory holds: a value (a blob) or a subdirectory. Immutable. */
public sealed interface Entry permits Leaf, Dir {
  /** The Git id of the blob or tree; computing it for a new directory hashes its new nodes. */
  ObjectId id();

  /** The Git file mode of the entry. */
  int mode();
}
