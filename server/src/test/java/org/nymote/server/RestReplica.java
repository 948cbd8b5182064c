package org.nymote.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A replica changed through the REST API: {@code GET} a value with its {@code ETag}, {@code PUT}
 * the new one with {@code If-Match} (or {@code If-None-Match: *} to create), again on 412.
 */
final class RestReplica implements Replica {
  private final String name;
  private final String values;
  private final String token;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  RestReplica(String name, int port, String user, String token) {
    this.name = name;
    this.values = "http://127.0.0.1:" + port + "/api/v1/users/" + user + "/branches/main/values/";
    this.token = token;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<byte[]> read(String path) throws Exception {
    return get(path).map(Versioned::bytes);
  }

  @Override
  public void edit(String path, Function<Optional<byte[]>, byte[]> change) throws Exception {
    for (int attempt = 1; ; attempt++) {
      Optional<Versioned> old = get(path);
      var put = request(path)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(change.apply(old.map(Versioned::bytes))));
      if (old.isPresent()) {
        put.header("If-Match", old.get().etag());
      } else {
        put.header("If-None-Match", "*");
      }
      var response = client.send(put.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200 || response.statusCode() == 201) {
        return;
      }
      if (response.statusCode() != 412 || attempt == 50) {
        throw new AssertionError(
            name + ": PUT " + path + ": " + response.statusCode() + " " + response.body());
      }
    }
  }

  private record Versioned(byte[] bytes, String etag) {}

  private Optional<Versioned> get(String path) throws Exception {
    var response =
        client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new AssertionError(name + ": GET " + path + ": " + response.statusCode());
    }
    return Optional.of(
        new Versioned(response.body(), response.headers().firstValue("ETag").orElseThrow()));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(values + path))
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(60));
  }
}
