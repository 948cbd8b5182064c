package org.nymote.server.dav;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nymote.dav.Dav;
import org.nymote.dav.DavRequest;
import org.nymote.dav.DavResponse;
import org.nymote.server.http.RequestBody;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /dav/} and {@code /.well-known/caldav|carddav} (RFC 6764, a redirect to {@code /dav/}):
 * authenticates the caller, reads the body up to {@link #MAX_BODY_BYTES} (413 past it), hands the
 * request to the {@link Dav} module and writes its answer. Blocking, on the front's virtual threads.
 */
public final class DavHttp extends Handler.Abstract {
  public static final String PREFIX = "/dav";

  /** The largest request body: a resource at its limit, or a REPORT listing many hrefs. */
  static final int MAX_BODY_BYTES = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(DavHttp.class);
  private static final String CHALLENGE = "Basic realm=\"nymote\", charset=\"UTF-8\"";

  private final Dav dav;
  private final DavAuth auth;
  private final java.nio.file.Path homeDir;

  public DavHttp(Authenticator users, Stores stores) {
    this.auth = new DavAuth(users, stores.home().tokens());
    this.homeDir = stores.home().dir();
    this.dav = new Dav(
        PREFIX, user -> stores.of(new UserName(user)), stores.device(), Dav.MAX_RESOURCE_BYTES);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    try {
      if (path.startsWith("/.well-known/")) {
        response.setStatus(301);
        response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
        write(response, callback, DavResponse.empty(301), false);
        return true;
      }
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      Optional<UserName> user = local(authorization, path).or(() -> authenticate(authorization));
      if (user.isEmpty()) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
        write(
            response,
            callback,
            DavResponse.text(
                401, "unauthorized: log in with a Nymote user's name and password, or a token"),
            false);
        return true;
      }
      Optional<byte[]> body = RequestBody.readAtMost(request, MAX_BODY_BYTES);
      if (body.isEmpty()) {
        write(response, callback, tooLarge(), false);
        return true;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (HttpField f : request.getHeaders()) {
        if (f.getHeader() != HttpHeader.AUTHORIZATION) {
          headers.merge(f.getName(), f.getValue(), (a, b) -> a + ", " + b);
        }
      }
      var answer = dav.handle(new DavRequest(
          request.getMethod(), path, headers, body.get(), user.get().value()));
      write(response, callback, answer, request.getMethod().equals("HEAD"));
    } catch (IOException | RuntimeException e) {
      LOG.warn("DAV request {} {} failed", request.getMethod(), path, e);
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        write(response, callback, DavResponse.text(400, "the request could not be read"), false);
      }
    }
    return true;
  }

  private Optional<UserName> authenticate(String authorization) {
    try {
      return auth.authenticate(authorization);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The home's own command line ({@code nymote dav import|export}) presents the running serve's
   * {@link LocalServer} token; it acts as the user whose path it names.
   */
  private Optional<UserName> local(String authorization, String path) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || !LocalServer.accepts(homeDir, authorization.substring(7).strip())) {
      return Optional.empty();
    }
    String[] parts = path.substring(Math.min(path.length(), PREFIX.length())).split("/");
    if (parts.length < 2 || !path.startsWith(PREFIX + "/")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new UserName(parts[1]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static DavResponse tooLarge() {
    return DavResponse.text(413, "request too large: at most " + MAX_BODY_BYTES + " bytes");
  }

  private static void write(Response response, Callback callback, DavResponse r, boolean head) {
    response.setStatus(r.status());
    r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (r.stream().isPresent() && !head) {
      // written as it is made (chunked): a failure past this point can only abort the reply, and
      // does (the stream is not closed, so no last chunk makes a cut reply look whole)
      var out = Content.Sink.asOutputStream(response);
      try {
        r.stream().get().writeTo(out);
        out.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("a streamed DAV reply failed", e);
        callback.failed(e);
        return;
      }
      callback.succeeded();
    } else if (head || r.body().length == 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, head ? r.body().length : 0);
      response.write(true, java.nio.ByteBuffer.allocate(0), callback);
    } else {
      response.write(true, java.nio.ByteBuffer.wrap(r.body()), callback);
    }
  }
}
