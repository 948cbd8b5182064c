package org.nymote.server.smtp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real mail clients and helpers for the SMTP tests: swaks, dnsmasq, the REST API, the cert. */
final class MailTools {
  private MailTools() {}

  record Run(int exitCode, String output) {}

  /** Runs a command to its end (at most 120 s), standard error merged into the output. */
  static Run run(List<String> command, Path stdin) throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process p = builder.start();
    var out = new java.io.ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        p.getInputStream().transferTo(out);
      } catch (IOException e) {
        // the process ended
      }
    });
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not end in 120 s: " + out);
    }
    reader.join();
    return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  /** swaks with these arguments (it talks to 127.0.0.1 and never prompts). */
  static Run swaks(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("swaks", "--helo", "client.test"));
    command.addAll(List.of(args));
    return run(command, null);
  }

  static int freeTcpPort() throws IOException {
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (var s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** dnsmasq on loopback answering for .test only: MX of b.test is mx.b.test at 127.0.0.1. */
  static Process dnsmasq(int port) throws IOException {
    return new ProcessBuilder(
            "dnsmasq",
            "-d",
            "-p",
            String.valueOf(port),
            "--no-resolv",
            "--no-hosts",
            "--conf-file=/dev/null",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--pid-file=",
            "--local=/test/",
            "--mx-host=b.test,mx.b.test,10",
            "--host-record=mx.b.test,127.0.0.1")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The messages in {@code user}'s INBOX, read over the REST API of the running server. */
  static List<String> inbox(int httpPort, String user, String password)
      throws IOException, InterruptedException {
    String base =
        "http://127.0.0.1:" + httpPort + "/api/v1/users/" + user + "/branches/main/values/";
    List<String> messages = new ArrayList<>();
    var members = get(base + "mail/mailboxes/inbox/members/", user, password);
    if (members.statusCode() == 404) {
      return messages;
    }
    Matcher m = NAME.matcher(members.body());
    while (m.find()) {
      String member = get(base + "mail/mailboxes/inbox/members/" + m.group(1), user, password)
          .body();
      String hash = member
          .lines()
          .filter(l -> l.startsWith("message "))
          .findFirst()
          .orElseThrow()
          .substring(8);
      messages.add(get(base + "mail/messages/" + hash.substring(0, 2) + "/" + hash, user, password)
          .body());
    }
    return messages;
  }

  private static HttpResponse<String> get(String url, String user, String password)
      throws IOException, InterruptedException {
    String auth = Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    var response = HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Basic " + auth)
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 404) {
      throw new AssertionError("GET " + url + ": " + response.statusCode() + " " + response.body());
    }
    return response;
  }
}
