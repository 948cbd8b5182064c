package org.nymote.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * A test's client of the REST API of a running {@code nymote serve}: one user's credentials
 * (a Bearer token, or Basic, or none), requests by path below {@code /api/v1/users/USER/}, answers
 * with the body as text and, where it is JSON, parsed.
 */
final class RestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;
  private final String user;
  private final String authorization;

  private RestClient(String base, String user, String authorization) {
    this.base = base;
    this.user = user;
    this.authorization = authorization;
  }

  /** The server's base URL, such as {@code http://127.0.0.1:PORT}. */
  static String base(NymoteProcess nymote) {
    return "http://127.0.0.1:" + nymote.port("http");
  }

  /** A new token for {@code user} of {@code home}, made with {@code nymote token create}. */
  static String newToken(Path home, String user) {
    Cli.Output made = Cli.run("--home", home.toString(), "token", "create", user);
    if (made.exitCode() != 0) {
      throw new AssertionError("token create failed: " + made.stderr());
    }
    return made.line();
  }

  static RestClient bearer(NymoteProcess nymote, String user, String token) {
    return new RestClient(base(nymote), user, "Bearer " + token);
  }

  static RestClient basic(NymoteProcess nymote, String user, String password) {
    String credentials = Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new RestClient(base(nymote), user, "Basic " + credentials);
  }

  static RestClient anonymous(NymoteProcess nymote, String user) {
    return new RestClient(base(nymote), user, null);
  }

  /** The same credentials on another user's paths. */
  RestClient onPathsOf(String other) {
    return new RestClient(base, other, authorization);
  }

  /** The URL of {@code rest} below this user's root ({@code /api/v1/users/USER/}). */
  String url(String rest) {
    return base + "/api/v1/users/" + user + "/" + rest;
  }

  /** A request to {@code rest} below the user's root, with the credentials. */
  HttpRequest.Builder request(String rest) {
    var request = HttpRequest.newBuilder(URI.create(url(rest))).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  Answer get(String rest, String... headers) throws IOException, InterruptedException {
    return send(with(request(rest), headers).GET());
  }

  Answer put(String rest, String value, String... headers)
      throws IOException, InterruptedException {
    return put(rest, value.getBytes(StandardCharsets.UTF_8), headers);
  }

  Answer put(String rest, byte[] value, String... headers)
      throws IOException, InterruptedException {
    return send(with(request(rest), headers).PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
  }

  Answer delete(String rest, String... headers) throws IOException, InterruptedException {
    return send(with(request(rest), headers).DELETE());
  }

  /** POST of a JSON body, as application/json. */
  Answer post(String rest, String json) throws IOException, InterruptedException {
    return send(request(rest)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return new Answer(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
  }

  static HttpClient client() {
    return CLIENT;
  }

  private static HttpRequest.Builder with(HttpRequest.Builder request, String... headers) {
    return headers.length == 0 ? request : request.headers(headers);
  }

  /** A response: status, headers, the body as bytes, text and (if JSON) a tree. */
  record Answer(HttpResponse<byte[]> response) {
    int status() {
      return response.statusCode();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    String text() {
      return new String(response.body(), StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status() + "): " + text(), e);
      }
    }

    @Override
    public String toString() {
      return status() + " " + response.headers().map() + " " + text();
    }
  }
}
