package org.nymote.server;

import java.util.Optional;
import java.util.function.Function;

/**
 * A test's way to read and change the values of one replica's store, whatever the path to it
 * (REST, or Git pushes). Changes are conditional: {@link #edit} reads, changes and writes only if
 * nothing changed the value meanwhile, trying again otherwise, so no change is lost.
 */
interface Replica {
  /** The replica's name, used in the test's messages and as its writers' clock node. */
  String name();

  /** The value at {@code path} on main, as the replica holds it now. */
  Optional<byte[]> read(String path) throws Exception;

  /** Replaces the value at {@code path} with {@code change(old)}, conditionally, until it takes. */
  void edit(String path, Function<Optional<byte[]>, byte[]> change) throws Exception;
}
