package org.nymote.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A test's HTTP client: plain, or HTTPS trusting one certificate only (with host name checks). */
final class Http {
  private final HttpClient client;

  private Http(HttpClient client) {
    this.client = client;
  }

  static Http plain() {
    return new Http(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  static Http trusting(X509Certificate certificate) throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("nymote", certificate);
    var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return new Http(HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(10))
        .build());
  }

  HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send(request(url).build());
  }

  HttpResponse<String> get(String url, String user, String password)
      throws IOException, InterruptedException {
    String credentials = Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(request(url).header("Authorization", "Basic " + credentials).build());
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
