package org.nymote.server.dav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.nymote.server.tokens.Tokens;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;
import org.nymote.server.users.Users;

/**
 * Who a DAV request comes from: Basic (RFC 7617) with the user's password or one of their API
 * tokens as the password (DAV clients speak Basic only), or Bearer with a token. Passwords that
 * passed are remembered by {@link Users} for a while (a client sends them on every request);
 * tokens are looked up each time, so a revoked one stops at once. Credentials are never logged.
 * Thread-safe.
 */
final class DavAuth {
  private final Authenticator users;
  private final Tokens tokens;

  DavAuth(Authenticator users, Tokens tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  Optional<UserName> authenticate(String authorization) throws IOException {
    if (authorization == null) {
      return Optional.empty();
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.authenticate(authorization.substring(7).strip());
    }
    Optional<UserName> user = users.authenticateBasic(authorization);
    if (user.isPresent() || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return user;
    }
    String decoded;
    try {
      decoded = new String(
          Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String name = decoded.substring(0, colon);
    return tokens
        .authenticate(decoded.substring(colon + 1))
        .filter(u -> u.value().equals(name));
  }
}
