package org.nymote.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.nymote.mail.io.Progress;
import org.nymote.server.mail.LocalMailJobs;
import org.nymote.server.sync.LocalServer;

/**
 * Runs a mail job ({@code import}, {@code export}, {@code restore}) on the home's running {@code
 * nymote serve} through {@link LocalMailJobs}, when one runs: the serve holds the stores open, so
 * the job must run there. Progress lines feed the caller's {@link Progress}.
 */
final class LocalMailClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long to wait to connect, and for the serve to begin its answer. */
  private static final Duration CONNECT = Duration.ofSeconds(10);

  private static final Duration FIRST_ANSWER = Duration.ofMinutes(10);

  private LocalMailClient() {}

  /**
   * Runs {@code job} with {@code args} on {@code server}; returns the count of its final {@code ok}
   * line. A refusal or a failure is a {@link CliException} with the serve's reason.
   */
  static long run(LocalServer server, String job, Map<String, String> args, Progress progress)
      throws IOException {
    String base = server.url().replaceAll("/$", "");
    HttpRequest request = HttpRequest.newBuilder(
            URI.create(base + LocalMailJobs.PREFIX + "/" + job))
        .timeout(FIRST_ANSWER)
        .header("Authorization", "Bearer " + server.token())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(args)))
        .build();
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT).build()) {
      HttpResponse<Stream<String>> response =
          client.send(request, HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = response.body()) {
        if (response.statusCode() != 200) {
          String reason = String.join(" ", lines.limit(20).toList()).strip();
          int code = response.statusCode() == 400 || response.statusCode() == 404
              ? CliException.USAGE
              : CliException.FAILURE;
          throw new CliException(
              code, reason.isEmpty() ? "the serve answered " + response.statusCode() : reason);
        }
        for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
          String line = it.next();
          if (line.startsWith("progress ")) {
            String[] p = line.split(" ");
            if (p.length == 4) {
              progress.update(Long.parseLong(p[1]), Long.parseLong(p[2]), p[3]);
            }
          } else if (line.startsWith("ok ")) {
            return Long.parseLong(line.substring(3).strip());
          } else if (line.startsWith("error ")) {
            throw new CliException(CliException.FAILURE, line.substring(6));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the serve ran the job", e);
    } catch (NumberFormatException e) {
      throw new IOException("the serve's answer is not understood: " + e.getMessage(), e);
    }
    throw new CliException(
        CliException.FAILURE,
        "the serve ended its answer before the job did; see its log, then check the result");
  }
}
