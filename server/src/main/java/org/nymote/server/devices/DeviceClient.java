package org.nymote.server.devices;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.DeviceTls;
import org.nymote.signpost.identity.PinnedRootTrust;
import org.nymote.signpost.identity.RootTrust;
import org.nymote.signpost.pairing.Invitation;
import org.nymote.signpost.pairing.JoinRequest;
import org.nymote.signpost.pairing.JoinResponse;

/**
 * The client side of the device-sync listener, for command lines: {@link #join} a user's devices
 * with an invitation, and ask a running serve of this home to list or revoke devices, as this
 * device over mutual TLS. Every exchange has a time limit.
 */
public final class DeviceClient {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private DeviceClient() {}

  /** What a join brought: the certificates, and the name of the device that answered. */
  public record Joined(JoinResponse response, DeviceName inviter) {}

  /**
   * Presents {@code invitation} for a device called {@code name} with {@code keys}; the server
   * must present a certificate signed by the root whose fingerprint the invitation pins, or
   * nothing is sent. Throws an {@link IOException} saying why a join is refused.
   */
  public static Joined join(Invitation invitation, DeviceName name, KeyPair keys)
      throws IOException, InterruptedException {
    var pin = new PinnedRootTrust(invitation.rootFingerprint());
    HttpClient client = client(DeviceTls.context(null, pin));
    String base = "https://" + hostPart(invitation.host()) + ":" + invitation.port();
    var request = HttpRequest.newBuilder(URI.create(base + "/pair"))
        .timeout(TIMEOUT)
        .header("Content-Type", "text/plain; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(
            new JoinRequest(invitation.token(), name, keys.getPublic()).encode()))
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (SSLHandshakeException e) {
      throw new IOException(
          "refusing to pair with " + base + ": " + reason(e) + "; nothing was sent");
    } catch (IOException e) {
      throw new IOException("cannot reach " + base + " (" + e + "): is `nymote serve` running"
          + " there with a device-sync listener, and is the address in the invitation right?");
    }
    if (response.statusCode() != 200) {
      throw new IOException("the device at " + base + " refused to pair (" + response.statusCode()
          + "): " + response.body().strip());
    }
    JoinResponse joined = JoinResponse.parse(response.body());
    check(joined, invitation, keys);
    var inviter = Certificates.deviceName(
        (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]);
    return new Joined(joined, inviter);
  }

  private static void check(JoinResponse joined, Invitation invitation, KeyPair keys)
      throws IOException {
    if (!Certificates.fingerprint(joined.root()).equals(invitation.rootFingerprintHex())) {
      throw new IOException("the root certificate received is not the one the invitation names");
    }
    if (!joined.device().getPublicKey().equals(keys.getPublic())) {
      throw new IOException("the certificate received is not for this device's key");
    }
    try {
      new RootTrust(joined.root(), c -> false).check(joined.device(), true);
    } catch (GeneralSecurityException e) {
      throw new IOException("the certificate received is not valid: " + e.getMessage());
    }
  }

  private static String reason(SSLHandshakeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException c && c.getMessage() != null) {
        return c.getMessage();
      }
    }
    return e.getMessage();
  }

  /** The running serve's device-sync URL in this home, if it has one. */
  public static Optional<String> localUrl(Path homeDir) throws IOException {
    Path file = urlFile(homeDir);
    return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
  }

  /** Where a running serve writes its device-sync URL, {@code run/device.url}. */
  public static Path urlFile(Path homeDir) {
    return homeDir.resolve("run").resolve("device.url");
  }

  /**
   * Sends {@code method path} to the serve at {@code base} as this device; returns the body, or
   * throws an {@link IOException} with the server's reason.
   */
  public static String ask(DeviceIdentity identity, String base, String method, String path)
      throws IOException, InterruptedException {
    HttpClient client = client(
        DeviceTls.context(identity.keyManager(), new RootTrust(identity.root(), c -> false)));
    var request = HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + path))
        .timeout(TIMEOUT)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(response.body().strip() + " (" + response.statusCode() + ")");
    }
    return response.body();
  }

  private static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
  }

  private static String hostPart(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
