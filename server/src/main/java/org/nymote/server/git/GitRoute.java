package org.nymote.server.git;

import java.util.Optional;
import org.nymote.server.users.UserName;

/**
 * What a request under {@code /git/} asks for, parsed from its method, path and query alone (no
 * storage touched). The smart HTTP protocol of Git (gitprotocol-http(5), protocol v0/v1):
 *
 * <pre>
 * GET  /git/USER/store.git/info/refs?service=git-upload-pack   ref advertisement
 * POST /git/USER/store.git/git-upload-pack                     clone and fetch
 * POST /git/USER/store.git/git-receive-pack                    push
 * POST /git/USER/sync[?remote=NAME]                            sync with the configured remotes
 * </pre>
 */
sealed interface GitRoute {
  /** The prefix every route starts with. */
  String PREFIX = "/git/";

  /** The repository name in URLs: {@code /git/USER/store.git}. */
  String REPOSITORY = "store.git";

  /** The user whose store the request reaches. */
  UserName user();

  /** The two Git services: fetch (upload-pack) and push (receive-pack). */
  enum Service {
    UPLOAD_PACK("git-upload-pack"),
    RECEIVE_PACK("git-receive-pack");

    private final String wireName;

    Service(String wireName) {
      this.wireName = wireName;
    }

    String wireName() {
      return wireName;
    }

    String advertisementType() {
      return "application/x-" + wireName + "-advertisement";
    }

    String requestType() {
      return "application/x-" + wireName + "-request";
    }

    String resultType() {
      return "application/x-" + wireName + "-result";
    }

    static Optional<Service> byWireName(String name) {
      for (Service s : values()) {
        if (s.wireName.equals(name)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** {@code GET info/refs?service=...}: the refs, with the service's capabilities. */
  record Advertise(UserName user, Service service) implements GitRoute {}

  /** {@code POST git-upload-pack} or {@code POST git-receive-pack}: one stateless exchange. */
  record Exchange(UserName user, Service service) implements GitRoute {}

  /** {@code POST sync}: sync the user's store with one configured remote, or with all. */
  record RunSync(UserName user, Optional<String> remote) implements GitRoute {}

  /**
   * Parses a request under {@link #PREFIX}; throws {@link GitHttpException} with 404 for an unknown
   * path, 405 for a wrong method, 403 for the dumb protocol and 400 for a bad query.
   */
  static GitRoute parse(String method, String path, Optional<String> query)
      throws GitHttpException {
    if (!path.startsWith(PREFIX)) {
      throw notFound(path);
    }
    String[] parts = path.substring(PREFIX.length()).split("/", -1);
    if (parts.length < 2 || !UserName.isValid(parts[0])) {
      throw notFound(path);
    }
    UserName user = new UserName(parts[0]);
    if (parts.length == 2 && parts[1].equals("sync")) {
      requireMethod(method, "POST");
      return new RunSync(user, queryParameter(query, "remote"));
    }
    if (!parts[1].equals(REPOSITORY)) {
      throw notFound(path);
    }
    String rest = String.join("/", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    if (rest.equals("info/refs")) {
      requireMethod(method, "GET");
      String name = queryParameter(query, "service")
          .orElseThrow(() -> new GitHttpException(
              403, "the dumb HTTP protocol is not served: use git 1.6.6 or later (smart HTTP)"));
      Service service = Service.byWireName(name)
          .orElseThrow(() -> new GitHttpException(400, "unknown service " + name));
      return new Advertise(user, service);
    }
    Optional<Service> service = Service.byWireName(rest);
    if (service.isPresent()) {
      requireMethod(method, "POST");
      return new Exchange(user, service.get());
    }
    throw notFound(path);
  }

  private static void requireMethod(String method, String expected) throws GitHttpException {
    if (!method.equals(expected)) {
      throw new GitHttpException(405, "method not allowed: use " + expected);
    }
  }

  private static GitHttpException notFound(String path) {
    return new GitHttpException(
        404,
        "not found: a user's store is at /git/USER/" + REPOSITORY + ", syncs at /git/USER/sync");
  }

  /** The value of {@code name} in a query string ({@code a=b&c=d}), percent-decoded. */
  private static Optional<String> queryParameter(Optional<String> query, String name)
      throws GitHttpException {
    if (query.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : query.get().split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        try {
          return Optional.of(java.net.URLDecoder.decode(
              eq < 0 ? "" : pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new GitHttpException(400, "bad query: " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }
}
