package org.nymote.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start of {@code nymote serve} on a new home, driven over real sockets. */
class ServeTest {
  @TempDir
  static Path temp;

  static Path home;
  static NymoteProcess nymote;
  static String http;
  static String https;

  @BeforeAll
  static void start() throws Exception {
    home = temp.resolve("home");
    nymote = NymoteProcess.serve(home, "--user", "alice");
    http = "http://127.0.0.1:" + nymote.port("http");
    https = "https://127.0.0.1:" + nymote.port("https");
  }

  @AfterAll
  static void stop() throws Exception {
    nymote.close();
  }

  @Test
  void firstStartPrintsThePasswordThenOneLinePerListenerThenReady() {
    assertThat(nymote.lines()).hasSize(8).satisfies(lines -> {
      assertThat(lines.get(0)).matches("password for alice: \\S{16,}");
      assertThat(lines.get(1)).matches("listening http 127\\.0\\.0\\.1:\\d+");
      assertThat(lines.get(2)).matches("listening https 127\\.0\\.0\\.1:\\d+");
      // the mail listeners (docs/smtp.md)
      assertThat(lines.subList(3, 7))
          .allMatch(
              l -> l.matches("listening (smtp|submission|submissions|lmtp) 127\\.0\\.0\\.1:\\d+"));
      assertThat(lines.get(7)).isEqualTo("ready");
    });
    assertThat(nymote.port("http")).isPositive().isNotEqualTo(nymote.port("https"));
  }

  @Test
  void healthzAnswersOkWithoutAuthentication() throws Exception {
    HttpResponse<String> response = Http.plain().get(http + "/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body().strip()).isEqualTo("ok");
  }

  @Test
  void statusWithoutCredentialsIsChallenged() throws Exception {
    HttpResponse<String> response = Http.plain().get(http + "/");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Basic realm=\"nymote\""));
  }

  @Test
  void statusWithThePrintedPasswordNamesTheUserAndVersion() throws Exception {
    HttpResponse<String> response = Http.plain().get(http + "/", "alice", password());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body())
        .contains("\"user\":\"alice\"")
        .contains("\"version\":\"" + Version.current() + "\"");
    assertThat(Version.current()).isNotEqualTo("unknown");
  }

  @Test
  void statusWithAWrongPasswordOrUnknownUserIsRefused() throws Exception {
    assertThat(Http.plain().get(http + "/", "alice", password() + "x").statusCode())
        .isEqualTo(401);
    assertThat(Http.plain().get(http + "/", "mallory", password()).statusCode()).isEqualTo(401);
  }

  @Test
  void httpsSpeaksTlsWithTheCertificateGeneratedInTheHome() throws Exception {
    X509Certificate certificate = storedCertificate();

    HttpResponse<String> response =
        Http.trusting(certificate).get(https + "/", "alice", password());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"user\":\"alice\"");
    assertThat(response.sslSession()).hasValueSatisfying(session -> {
      try {
        assertThat(session.getPeerCertificates()[0]).isEqualTo(certificate);
      } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
        throw new AssertionError(e);
      }
    });
    certificate.checkValidity();
    assertThat(certificate.getSubjectX500Principal().getName()).contains("O=Nymote");
  }

  @Test
  void secretsInTheHomeAreReadableByTheOwnerOnly() throws Exception {
    for (Path secret : new Path[] {
      home.resolve("passwords"),
      home.resolve("tls/nymote.p12"),
      home.resolve("tls/nymote.p12.password")
    }) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
          .as(secret.toString())
          .isEqualTo("rw-------");
    }
    assertThat(Files.readString(home.resolve("passwords")))
        .contains("alice:$argon2id$")
        .doesNotContain(password());
  }

  @Test
  void theFirstUserHasAStoreFolder() {
    assertThat(home.resolve("users/alice/store.git")).isDirectory();
  }

  @Test
  void serveIsQuietOnStandardErrorAndNeverShowsThePassword() throws Exception {
    Http.plain().get(http + "/", "alice", password());

    assertThat(nymote.stderr()).isEmpty();
  }

  private static String password() {
    return nymote.password().orElseThrow();
  }

  private static X509Certificate storedCertificate() throws Exception {
    char[] password =
        Files.readString(home.resolve("tls/nymote.p12.password")).strip().toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(home.resolve("tls/nymote.p12"))) {
      keyStore.load(in, password);
    }
    return (X509Certificate) keyStore.getCertificate("nymote");
  }
}
