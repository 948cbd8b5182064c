package org.nymote.server.dns;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nymote.signpost.zone.ZonePaths;
import org.nymote.signpost.zone.ZoneRecord;

/** The real DNS clients (dig, kdig, delv) and a REST call that adds a zone record. */
public final class Tools {
  /** What a tool printed (standard output and error together) and its exit code. */
  public record Result(int exitCode, String output) {}

  private Tools() {}

  public static Result run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end");
    }
    return new Result(p.exitValue(), out);
  }

  /** {@code dig @127.0.0.1 -p PORT ARGS}: its whole output. */
  public static String dig(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", "" + port));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new)).output();
  }

  /** {@code dig +short}: the answers' data, one a line, sorted. */
  public static List<String> short_(int port, String name, String type)
      throws IOException, InterruptedException {
    return dig(port, "+short", name, type)
        .lines()
        .filter(l -> !l.isBlank())
        .sorted()
        .toList();
  }

  /** Adds a record over the REST API with the user's password, as any client could. */
  public static void addRecord(int httpPort, String user, String password, ZoneRecord record)
      throws IOException, InterruptedException {
    String path = ZonePaths.record(record.id()).toString();
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
            + "/api/v1/users/" + user + "/branches/main/values/" + path))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .PUT(HttpRequest.BodyPublishers.ofString(record.toJson().toString()))
        .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(
          "PUT " + path + ": " + response.statusCode() + " " + response.body());
    }
  }
}
