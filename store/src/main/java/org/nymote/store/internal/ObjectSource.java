package org.nymote.store.internal;

import org.eclipse.jgit.lib.AnyObjectId;

/**
 * Reads objects by id. Implementations are thread-safe. A missing object or one of the wrong type
 * is a {@link org.nymote.store.CorruptObjectException}; an I/O failure a {@link
 * org.nymote.store.StoreIOException}.
 */
public interface ObjectSource {
  /** The raw (uncompressed, header-less) bytes of the object, checked to be of {@code type}. */
  byte[] read(AnyObjectId id, int type);

  /** Whether the object exists. */
  boolean contains(AnyObjectId id);
}
