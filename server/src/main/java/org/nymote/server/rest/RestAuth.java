package org.nymote.server.rest;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.nymote.server.tokens.Tokens;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;

/**
 * Who is calling: {@code Authorization: Bearer TOKEN} (RFC 6750) with a token of {@link Tokens},
 * or {@code Basic} (RFC 7617) with a user's password. Anything else gets a 401 problem with both
 * challenges. Credentials are never logged. Thread-safe.
 */
final class RestAuth {
  private final Authenticator users;
  private final Tokens tokens;

  RestAuth(Authenticator users, Tokens tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  /** The user the {@code Authorization} header proves; throws a 401 problem otherwise. */
  UserName authenticate(Optional<String> authorization) throws IOException {
    if (authorization.isEmpty()) {
      throw unauthorized(
          "send Authorization: Bearer TOKEN (from `nymote token create USER`) or"
              + " Basic with the user's name and password",
          false);
    }
    String value = authorization.get();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens
          .authenticate(value.substring(7).strip())
          .orElseThrow(() -> unauthorized(
              "the token is unknown or revoked; make one with `nymote token create USER`", true));
    }
    if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(value.substring(6).strip())
          .orElseThrow(() -> unauthorized("wrong user name or password", false));
    }
    throw unauthorized("use the Bearer or Basic authentication scheme", false);
  }

  private Optional<UserName> basic(String credentials) throws IOException {
    return users.authenticateBasic("Basic " + credentials);
  }

  private static RestException unauthorized(String detail, boolean invalidToken) {
    String bearer = "Bearer realm=\"nymote\"" + (invalidToken ? ", error=\"invalid_token\"" : "");
    return new RestException(
        ProblemType.UNAUTHORIZED,
        detail,
        java.util.Map.of(),
        List.of(
            new Reply.Header("WWW-Authenticate", bearer),
            new Reply.Header("WWW-Authenticate", "Basic realm=\"nymote\", charset=\"UTF-8\"")));
  }
}
