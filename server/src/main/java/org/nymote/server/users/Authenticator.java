package org.nymote.server.users;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
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

  /**
   * Checks an HTTP {@code Authorization} header of the Basic scheme (RFC 7617); empty for any
   * other scheme, malformed credentials or a wrong password. Wipes the decoded password.
   */
  default Optional<UserName> authenticateBasic(String authorization) throws IOException {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = 0;
    while (colon < decoded.length && decoded[colon] != ':') {
      colon++;
    }
    if (colon == decoded.length) {
      return Optional.empty();
    }
    byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    try {
      return authenticate(new String(decoded, 0, colon, StandardCharsets.UTF_8), password);
    } finally {
      Arrays.fill(password, (byte) 0);
      Arrays.fill(decoded, (byte) 0);
    }
  }
}
