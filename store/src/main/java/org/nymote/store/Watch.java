package org.nymote.store;

/**
 * A subscription to a branch and a path prefix. Events reach the listener in commit order, each
 * exactly once, on a thread of the watch's own; the listener must not block for long. Closing stops
 * delivery: an event in progress finishes, no later one starts.
 */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
