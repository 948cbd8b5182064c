package org.nymote.store.types;

import java.time.InstantSource;
import java.util.Objects;

/**
 * A hybrid logical clock for one node (Kulkarni et al., 2014, figure 5). Every stamp it issues is
 * greater than every stamp it issued before and every remote stamp it observed, even when the
 * physical clock steps backwards; while the physical clock runs ahead of all of those, stamps carry
 * the physical time with a zero counter. Thread-safe: one clock is shared by all writers of a
 * node, and the node id must be unique among the replicas, or stamps may collide.
 *
 * <p>It trusts observed stamps: a remote stamp far in the future drags this clock with it.
 */
public final class HybridClock {
  private final String node;
  private final InstantSource time;
  private long physical;
  private long logical;

  /** A clock for {@code node} reading physical time from {@code time}. */
  public HybridClock(String node, InstantSource time) {
    this.node = Text.requireToken(Objects.requireNonNull(node, "node"), "a node id");
    this.time = Objects.requireNonNull(time, "time");
  }

  /** A clock for {@code node} reading the system clock. */
  public HybridClock(String node) {
    this(node, InstantSource.system());
  }

  public String node() {
    return node;
  }

  /** A stamp for a local event (a write, or sending a message). */
  public synchronized Hlc now() {
    long wall = wall();
    if (wall > physical) {
      physical = wall;
      logical = 0;
    } else {
      logical = Math.incrementExact(logical);
    }
    return new Hlc(physical, logical, node);
  }

  /**
   * A stamp for receiving {@code remote}: greater than {@code remote} and than every stamp issued
   * before. Use it before overwriting a value stamped elsewhere, so that the overwrite wins.
   */
  public synchronized Hlc observe(Hlc remote) {
    long wall = wall();
    long previous = physical;
    physical = Math.max(Math.max(previous, remote.physical()), wall);
    if (physical == previous && physical == remote.physical()) {
      logical = Math.incrementExact(Math.max(logical, remote.logical()));
    } else if (physical == previous) {
      logical = Math.incrementExact(logical);
    } else if (physical == remote.physical()) {
      logical = Math.incrementExact(remote.logical());
    } else {
      logical = 0;
    }
    return new Hlc(physical, logical, node);
  }

  private long wall() {
    return Math.max(0, time.millis());
  }
}
