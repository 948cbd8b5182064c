package org.nymote.store.internal;

import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Where a repository keeps its objects and branch heads. The store's core does no I/O itself: it
 * hands each group of new objects and head moves to {@link #persist}, from one thread at a time.
 * Reads are thread-safe.
 */
public interface Backend extends ObjectSource, AutoCloseable {
  /** The branch heads as last persisted, by branch name (without {@code refs/heads/}). */
  Map<String, ObjectId> heads();

  /**
   * Makes {@code objects} and the head moves durable together; when it returns they survive a
   * crash. A null id in {@code heads} deletes that branch. Called by one thread at a time. On
   * failure nothing of this call counts as persisted, and the backend stays readable.
   */
  void persist(List<RawObject> objects, Map<String, ObjectId> heads);

  /** Makes everything persisted visible to plain Git (packs and refs); a no-op in memory. */
  void checkpoint();

  @Override
  void close();
}
