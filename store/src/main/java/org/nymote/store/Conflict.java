package org.nymote.store;

import java.util.Optional;

/**
 * A path that a merge could not settle. Both sides are kept here as they were ({@code ours} and
 * {@code theirs} empty where that side deleted the value or holds a directory), with the base.
 */
public record Conflict(
    Path path,
    String reason,
    Optional<byte[]> base,
    Optional<byte[]> ours,
    Optional<byte[]> theirs) {
  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
