package org.nymote.server.http;

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
    return users.authenticateBasic(authorization);
  }
}
