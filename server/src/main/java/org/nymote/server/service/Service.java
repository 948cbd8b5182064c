package org.nymote.server.service;

import java.util.List;

/**
 * A running service of {@code nymote serve}. It is started (listening) by the time it is handed to
 * the supervisor, and stops, releasing its sockets and threads, on {@link #close()}.
 */
public interface Service extends AutoCloseable {
  /** The sockets it listens on, with the ports actually bound. */
  List<Listener> listeners();

  /** Stops it; waits for requests in progress for a short while. Never throws for a clean stop. */
  @Override
  void close();
}
