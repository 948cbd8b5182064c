package org.nymote.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;

/**
 * HTTP Basic authentication (RFC 7617) in front of a handler: a request with a home user's name and
 * password reaches the handler, which finds the user with {@link #user(Request)}; any other gets
 * 401 with a {@code WWW-Authenticate} challenge. Credentials are never logged.
 */
final class BasicAuth extends Handler.Wrapper {
  private static final String USER = BasicAuth.class.getName() + ".user";
  private static final String CHALLENGE = "Basic realm=\"nymote\", charset=\"UTF-8\"";

  private final Authenticator users;

  BasicAuth(Authenticator users, Handler handler) {
    super(handler);
    this.users = users;
  }

  /** The authenticated user of a request that passed this filter. */
  static UserName user(Request request) {
    if (request.getAttribute(USER) instanceof UserName user) {
      return user;
    }
    throw new IllegalStateException("the request did not pass BasicAuth");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Optional<UserName> user = authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (user.isEmpty()) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
      Reply.text(
          response, callback, 401, "unauthorized: log in with a Nymote user's name and password\n");
      return true;
    }
    request.setAttribute(USER, user.get());
    return super.handle(request, response, callback);
  }

  private Optional<UserName> authenticate(String authorization) throws java.io.IOException {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = indexOf(decoded, (byte) ':');
    if (colon < 0) {
      return Optional.empty();
    }
    String name = new String(decoded, 0, colon, StandardCharsets.UTF_8);
    byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    try {
      return users.authenticate(name, password);
    } finally {
      Arrays.fill(password, (byte) 0);
      Arrays.fill(decoded, (byte) 0);
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
