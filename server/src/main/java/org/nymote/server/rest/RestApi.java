package org.nymote.server.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nymote.server.stores.Stores;
import org.nymote.server.tokens.Tokens;
import org.nymote.server.users.Authenticator;
import org.nymote.server.users.UserName;
import org.nymote.store.InvalidPathException;
import org.nymote.store.UpdateFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1} (docs/rest.md, and {@code /api/v1/openapi.json}): parses the
 * route, authenticates the caller (Bearer token or Basic), lets a user reach only their own store,
 * calls the resource's handler and writes what it answers. Every refusal is a problem (RFC 9457);
 * no stack trace reaches a client. Blocking: runs on the front's virtual threads.
 */
public final class RestApi extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  private final RestAuth auth;
  private final byte[] openApi;
  private final BranchesResource branches;
  private final ValuesResource values;
  private final LogResource log;
  private final DiffResource diff;
  private final MergeResource merge;
  private final RevertResource revert;
  private final WatchResource watch;

  private RestApi(Authenticator users, Tokens tokens, Stores stores) {
    this.auth = new RestAuth(users, tokens);
    this.openApi = resource("openapi.json");
    this.branches = new BranchesResource(stores);
    this.values = new ValuesResource(stores);
    this.log = new LogResource(stores);
    this.diff = new DiffResource(stores);
    this.merge = new MergeResource(stores);
    this.revert = new RevertResource(stores);
    this.watch = new WatchResource(stores);
  }

  /** The API over the stores, for the users' passwords and the home's API tokens. */
  public static RestApi create(Authenticator users, Stores stores) {
    return new RestApi(users, stores.home().tokens(), stores);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    Reply reply;
    try {
      reply = answer(request);
    } catch (RestException e) {
      reply = ProblemWriter.reply(e, path);
    } catch (IOException | RuntimeException e) {
      reply = ProblemWriter.reply(unexpected(e, request), path);
    }
    boolean head = request.getMethod().equals("HEAD");
    if (reply instanceof Reply.Events events) {
      try {
        EventStream.run(events, request, response);
        callback.succeeded();
      } catch (IOException | RuntimeException e) {
        LOG.debug("event stream {} ended: {}", path, e.toString());
        callback.failed(e);
      }
    } else {
      ReplyWriter.write(reply, head, response, callback);
    }
    return true;
  }

  private Reply answer(Request jetty) throws IOException {
    Route route = Route.parse(jetty.getHttpURI().getPath());
    UserName user = null;
    if (route instanceof Route.OfUser ofUser) {
      user = auth.authenticate(
          java.util.Optional.ofNullable(jetty.getHeaders().get(HttpHeader.AUTHORIZATION)));
      if (!ofUser.user().equals(user.value())) {
        throw new RestException(
            ProblemType.FORBIDDEN,
            "you are " + user + ": you may reach /api/v1/users/" + user + "/... only");
      }
    }
    checkMethod(route, jetty.getMethod());
    var request = new RestRequest(jetty, user);
    return switch (route) {
      case Route.OpenApi o -> new Reply.Bytes(200, "application/json", openApi, List.of());
      case Route.Branches b ->
        request.method().equals("POST") ? branches.create(request, b) : branches.list(request);
      case Route.Values v ->
        switch (request.method()) {
          case "PUT" -> values.put(request, v);
          case "DELETE" -> values.delete(request, v);
          default -> values.get(request, v);
        };
      case Route.Log l -> log.get(request, l);
      case Route.Diff d -> diff.get(request);
      case Route.Merge m -> merge.post(request, m);
      case Route.Revert r -> revert.post(request, r);
      case Route.Watch w -> watch.get(request, w);
    };
  }

  private static void checkMethod(Route route, String method) {
    if (!route.methods().contains(method)) {
      String allow = String.join(", ", new TreeSet<>(route.methods()));
      throw new RestException(
          ProblemType.METHOD_NOT_ALLOWED,
          method + " is not allowed here; use " + allow,
          java.util.Map.of(),
          List.of(new Reply.Header("Allow", allow)));
    }
  }

  /** An exception no handler turned into a problem: bad input Jetty found, or a failure. */
  private static RestException unexpected(Exception e, Request request) {
    if (e instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
      return new RestException(ProblemType.INVALID_REQUEST, "the request is malformed");
    }
    if (e instanceof InvalidPathException invalid) {
      return new RestException(ProblemType.INVALID_PATH, invalid.getMessage());
    }
    if (e instanceof UpdateFailedException failed) {
      return ConflictJson.problem(ProblemType.CONFLICT, failed.getMessage(), failed.conflicts());
    }
    LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
    return new RestException(
        ProblemType.INTERNAL, "the server failed on this request; its log says why");
  }

  private static byte[] resource(String name) {
    try (InputStream in = RestApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
