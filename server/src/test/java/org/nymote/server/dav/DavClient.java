package org.nymote.server.dav;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A test's WebDAV client over plain HTTP on loopback: any method, Basic auth, a body. */
final class DavClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;
  private final String authorization;

  DavClient(int port, String user, String password) {
    this.base = "http://127.0.0.1:" + port;
    this.authorization = "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  String base() {
    return base;
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    var b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization)
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> put(String path, String body, String... headers)
      throws IOException, InterruptedException {
    return send("PUT", path, body, headers);
  }

  HttpResponse<String> propfind(String path, int depth, String body)
      throws IOException, InterruptedException {
    return send("PROPFIND", path, body, "Depth", Integer.toString(depth));
  }

  HttpResponse<String> report(String path, String body) throws IOException, InterruptedException {
    return send("REPORT", path, body, "Depth", "1", "Content-Type", "application/xml");
  }

  static String event(String uid, String extra) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
        + "\r\nDTSTAMP:20260101T000000Z\r\n" + extra + "END:VEVENT\r\nEND:VCALENDAR\r\n";
  }

  static String card(String uid, String fn, String extra) {
    return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + fn + "\r\nN:" + fn + ";;;;\r\n"
        + extra + "END:VCARD\r\n";
  }
}
