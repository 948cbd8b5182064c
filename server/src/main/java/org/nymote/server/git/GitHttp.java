package org.nymote.server.git;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.nymote.server.git.GitRoute.Advertise;
import org.nymote.server.git.GitRoute.Exchange;
import org.nymote.server.git.GitRoute.RunSync;
import org.nymote.server.git.GitRoute.Service;
import org.nymote.server.http.RequestBody;
import org.nymote.server.stores.Stores;
import org.nymote.server.sync.HomeSync;
import org.nymote.server.sync.LocalServer;
import org.nymote.server.sync.SyncReport;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;
import org.nymote.store.sync.GitServing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /git/}: each user's store over Git's smart HTTP protocol, and {@code POST
 * /git/USER/sync} (see {@link GitRoute}). Every request logs in with HTTP Basic (RFC 7617) as the
 * user whose store it reaches; a user reaches only their own. A sync may instead present the home's
 * {@link LocalServer} token, as {@code nymote sync} does. Refusals before the Git protocol starts
 * are a 4xx status with a one-line text body; blocking, on the front's virtual threads.
 */
public final class GitHttp extends Handler.Abstract {
  /** The largest fetch request (wants and haves, after gzip). */
  static final long MAX_FETCH_REQUEST_BYTES = 16L << 20;

  /** The largest push request: the pack, and room for the commands. */
  static final long MAX_PUSH_REQUEST_BYTES = GitServing.MAX_PACK_BYTES + (1L << 20);

  private static final Logger LOG = LoggerFactory.getLogger(GitHttp.class);
  private static final String CHALLENGE = "Basic realm=\"nymote\", charset=\"UTF-8\"";

  private final Authenticator users;
  private final Stores stores;
  private final HomeSync sync;
  private final Caller caller;

  /**
   * Who sends a request, when something other than HTTP Basic says so (a TLS client
   * certificate): the user, or empty to refuse it with 403.
   */
  @FunctionalInterface
  public interface Caller {
    Optional<UserName> of(Request request) throws IOException;
  }

  public GitHttp(Authenticator users, Stores stores) {
    this(users, stores, null);
  }

  private GitHttp(Authenticator users, Stores stores, Caller caller) {
    this.users = users;
    this.stores = stores;
    this.sync = new HomeSync(stores);
    this.caller = caller;
  }

  /** Serves only callers that {@code caller} names, without passwords or the control token. */
  public static GitHttp forCallers(Stores stores, Caller caller) {
    return new GitHttp(null, stores, caller);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      // The whole path: the mapping that leads here may strip "/git" from the path in context.
      GitRoute route = GitRoute.parse(
          request.getMethod(),
          request.getHttpURI().getCanonicalPath(),
          Optional.ofNullable(request.getHttpURI().getQuery()));
      authorize(request, route);
      switch (route) {
        case Advertise a -> advertise(a, response, callback);
        case Exchange e -> exchange(e, request, response, callback);
        case RunSync s -> runSync(s, response, callback);
      }
    } catch (GitHttpException e) {
      refuse(response, callback, e);
    } catch (IOException | RuntimeException e) {
      if (response.isCommitted()) {
        LOG.info("git request {} broke off: {}", request.getHttpURI().getPath(), e.toString());
        callback.failed(e);
      } else {
        refuse(response, callback, asRefusal(request, e));
      }
    }
    return true;
  }

  private void advertise(Advertise a, Response response, Callback callback) throws IOException {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.service().advertisementType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, max-age=0, must-revalidate");
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      SmartHttp.advertise(stores.of(a.user()), a.service(), out);
    }
    callback.succeeded();
  }

  private void exchange(Exchange e, Request request, Response response, Callback callback)
      throws IOException, GitHttpException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.split(";")[0].strip().equals(e.service().requestType())) {
      throw new GitHttpException(415, "expected a body of type " + e.service().requestType());
    }
    long limit =
        e.service() == Service.UPLOAD_PACK ? MAX_FETCH_REQUEST_BYTES : MAX_PUSH_REQUEST_BYTES;
    if (request.getLength() > limit) {
      RequestBody.discard(request); // so that the client reads the 413, not a reset
      throw tooLarge(limit);
    }
    InputStream in = body(request, limit);
    if (e.service() == Service.UPLOAD_PACK) {
      // Small, and read whole so that a request too large is a clean 413, not a broken stream.
      in = new ByteArrayInputStream(in.readAllBytes());
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, e.service().resultType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, max-age=0, must-revalidate");
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      SmartHttp.exchange(stores.of(e.user()), e.service(), in, out);
    }
    callback.succeeded();
  }

  private void runSync(RunSync s, Response response, Callback callback)
      throws IOException, GitHttpException {
    SyncReport report;
    try {
      report = sync.sync(s.user(), s.remote(), NullProgressMonitor.INSTANCE);
    } catch (HomeSync.UnknownRemoteException e) {
      throw new GitHttpException(404, e.getMessage());
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, report.toJson(), callback);
  }

  /** The request body, un-gzipped if it came so, refused with 413 past {@code limit} bytes. */
  private static InputStream body(Request request, long limit)
      throws IOException, GitHttpException {
    InputStream raw = Content.Source.asInputStream(request);
    String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    if (encoding == null || encoding.equalsIgnoreCase("identity")) {
      return new LimitedInputStream(raw, limit);
    }
    if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
      return new LimitedInputStream(new GZIPInputStream(raw), limit);
    }
    throw new GitHttpException(415, "unsupported Content-Encoding " + encoding + ": use gzip");
  }

  private static GitHttpException asRefusal(Request request, Exception e) {
    if (e instanceof LimitedInputStream.TooLargeException) {
      RequestBody.discard(request);
      return new GitHttpException(413, e.getMessage());
    }
    if (e instanceof java.util.zip.ZipException) {
      return new GitHttpException(400, "the gzip body is corrupt: " + e.getMessage());
    }
    LOG.warn("git request {} failed", request.getHttpURI().getPath(), e);
    return new GitHttpException(500, "internal error; the server's log says more");
  }

  static GitHttpException tooLarge(long limit) {
    return new GitHttpException(413, "request too large: at most " + limit + " bytes");
  }

  private void authorize(Request request, GitRoute route) throws GitHttpException, IOException {
    if (caller != null) {
      UserName user = caller
          .of(request)
          .orElseThrow(() -> new GitHttpException(
              403, "forbidden: present the certificate of one of the user's paired devices"));
      if (!user.equals(route.user()) || route instanceof RunSync) {
        throw new GitHttpException(
            403, "forbidden: this device may reach only /git/" + user + "/" + GitRoute.REPOSITORY);
      }
      return;
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (route instanceof RunSync
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && LocalServer.accepts(stores.home().dir(), authorization.substring(7).strip())) {
      return;
    }
    UserName user = basic(authorization)
        .orElseThrow(() -> new GitHttpException(
            401, "unauthorized: log in with a Nymote user's name and password"));
    if (!user.equals(route.user())) {
      throw new GitHttpException(
          403, "forbidden: " + user + " may reach only /git/" + user + "/" + GitRoute.REPOSITORY);
    }
  }

  private Optional<UserName> basic(String authorization) throws IOException {
    return users.authenticateBasic(authorization);
  }

  private static void refuse(Response response, Callback callback, GitHttpException e) {
    response.setStatus(e.status());
    if (e.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, e.getMessage() + "\n", callback);
  }
}
