package org.nymote.server.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.util.URIUtil;

/**
 * Where a request goes: one record per resource, parsed from the request's path (still
 * percent-encoded, so that each segment is decoded on its own). Pure: no storage, no user check.
 */
sealed interface Route {
  /** The methods the resource answers; any other gets 405. */
  Set<String> methods();

  /** {@code /api/v1/openapi.json}: the API's description; no authentication. */
  record OpenApi() implements Route {
    @Override
    public Set<String> methods() {
      return Set.of("GET", "HEAD");
    }
  }

  /** A resource of one user's store, reachable by that user only. */
  sealed interface OfUser extends Route {
    String user();
  }

  /** {@code users/{u}/branches}. */
  record Branches(String user) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("GET", "HEAD", "POST");
    }
  }

  /** {@code users/{u}/branches/{b}/values/{path...}}: segments as decoded, not yet checked. */
  record Values(String user, String branch, List<String> segments) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("GET", "HEAD", "PUT", "DELETE");
    }
  }

  /** {@code users/{u}/branches/{b}/log}. */
  record Log(String user, String branch) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("GET", "HEAD");
    }
  }

  /** {@code users/{u}/branches/{b}/merge}. */
  record Merge(String user, String branch) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("POST");
    }
  }

  /** {@code users/{u}/branches/{b}/revert}. */
  record Revert(String user, String branch) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("POST");
    }
  }

  /** {@code users/{u}/branches/{b}/watch}. */
  record Watch(String user, String branch) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("GET");
    }
  }

  /** {@code users/{u}/diff}. */
  record Diff(String user) implements OfUser {
    @Override
    public Set<String> methods() {
      return Set.of("GET", "HEAD");
    }
  }

  /** Parses a raw request path; throws a 404 problem for a path that names no resource. */
  static Route parse(String rawPath) {
    List<String> raw = Arrays.asList(rawPath.split("/", -1));
    if (raw.size() < 3 || !raw.get(0).isEmpty() || !raw.get(1).equals("api")) {
      throw notFound(rawPath);
    }
    List<String> s = new ArrayList<>();
    for (String segment : raw.subList(2, raw.size())) {
      String decoded = decode(segment);
      // Jetty routes by the path with dot segments resolved; the API reads the path as sent, so
      // it refuses them rather than reading a name as "..".
      if (decoded.equals(".") || decoded.equals("..")) {
        throw new RestException(
            ProblemType.INVALID_URL,
            "the URL has a '.' or '..' segment; the API does not resolve them: name the resource"
                + " itself");
      }
      s.add(decoded);
    }
    if (s.equals(List.of("v1", "openapi.json"))) {
      return new OpenApi();
    }
    if (s.size() < 4 || !s.get(0).equals("v1") || !s.get(1).equals("users")) {
      throw notFound(rawPath);
    }
    String user = s.get(2);
    if (s.size() == 4 && s.get(3).equals("diff")) {
      return new Diff(user);
    }
    if (!s.get(3).equals("branches")) {
      throw notFound(rawPath);
    }
    if (s.size() == 4) {
      return new Branches(user);
    }
    if (s.size() < 6) {
      throw notFound(rawPath);
    }
    String branch = s.get(4);
    String resource = s.get(5);
    if (resource.equals("values")) {
      List<String> path = new ArrayList<>(s.subList(6, s.size()));
      // "values/" and "values/dir/" name directories; other empty segments reach Path, which
      // refuses them.
      if (!path.isEmpty() && path.getLast().isEmpty()) {
        path.removeLast();
      }
      return new Values(user, branch, List.copyOf(path));
    }
    if (s.size() != 6) {
      throw notFound(rawPath);
    }
    return switch (resource) {
      case "log" -> new Log(user, branch);
      case "merge" -> new Merge(user, branch);
      case "revert" -> new Revert(user, branch);
      case "watch" -> new Watch(user, branch);
      default -> throw notFound(rawPath);
    };
  }

  private static String decode(String segment) {
    try {
      return URIUtil.decodePath(segment);
    } catch (IllegalArgumentException e) {
      throw new RestException(
          ProblemType.INVALID_PATH, "bad percent-encoding in the URL segment '" + segment + "'");
    }
  }

  private static RestException notFound(String rawPath) {
    return new RestException(
        ProblemType.NOT_FOUND,
        "no API resource at " + rawPath + "; GET /api/v1/openapi.json lists them");
  }
}
