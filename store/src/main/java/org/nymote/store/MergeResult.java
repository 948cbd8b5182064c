package org.nymote.store;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of merging two trees or branches. {@code tree} holds everything that merged; at a
 * conflicting path it keeps our side (or theirs, where ours deleted it), and {@code conflicts} names
 * every such path with both sides, so nothing is dropped silently. {@code commit} is present when
 * the merge was committed: when it was clean, or when its conflicts were settled by keeping both
 * sides ({@link Branch#mergeKeepingBoth}).
 */
public record MergeResult(Tree tree, List<Conflict> conflicts, Optional<Commit> commit) {
  public MergeResult {
    conflicts = List.copyOf(conflicts);
  }

  /** Whether the merge met no conflict. */
  public boolean isClean() {
    return conflicts.isEmpty();
  }
}
