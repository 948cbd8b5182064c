package org.nymote.server.users;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks a user's name and password. Implementations are safe to call from many threads at once
 * and take about the same time whether or not the user exists.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * Returns the user when {@code password} is theirs, else empty. The caller owns {@code password}
   * and may wipe it afterwards.
   */
  Optional<UserName> authenticate(String name, byte[] password) throws IOException;
}
