package org.nymote.server.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.server.NymoteProcess;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.DeviceTls;
import org.nymote.signpost.identity.Ed25519;
import org.nymote.signpost.identity.RootTrust;
import org.nymote.signpost.pairing.Invitation;

/**
 * Pairing and device sync with the real {@code nymote}: device alpha (identity init, then serve
 * with a device-sync listener) invites beta and gamma, which join with the real command line in
 * their own homes and sync with alpha over mutual TLS; strangers, reused, expired and tampered
 * invitations, and a revoked device are refused. The tests run in order: they share the devices.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevicePairingTest {
  @TempDir
  static Path dir;

  static Path alpha;
  static NymoteProcess alphaServe;
  static int port;

  @BeforeAll
  static void alphaHasAnIdentityAndServes() throws Exception {
    alpha = dir.resolve("alpha");
    var init = nymote(alpha, "identity", "init", "--user", "alice", "--name", "alpha");
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(init.stdout()).contains("password for alice:", "identity of alice: root ");
    alphaServe = NymoteProcess.serve(alpha, "--device-port", "0", "--device", "alpha");
    port = alphaServe.port("device-sync");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (alphaServe != null) {
      alphaServe.close();
    }
  }

  static NymoteProcess.Result nymote(Path home, String... args) throws Exception {
    return NymoteProcess.run(home, "", args);
  }

  static String invite(String... options) throws Exception {
    String[] args = new String[options.length + 2];
    args[0] = "device";
    args[1] = "invite";
    System.arraycopy(options, 0, args, 2, options.length);
    var invite = nymote(alpha, args);
    assertThat(invite.exitCode()).as(invite.stderr()).isZero();
    return invite.stdout().strip();
  }

  static String beforeBetaJoined;

  @Test
  @Order(1)
  void aNewDeviceJoinsWithAnInvitationAndClonesTheStore() throws Exception {
    String code = invite();
    assertThat(code).startsWith("nymote1-");
    beforeBetaJoined = code;
    Path beta = dir.resolve("beta");
    var join = nymote(beta, "device", "join", code, "--name", "beta");
    assertThat(join.exitCode()).as(join.stderr()).isZero();
    assertThat(join.stdout()).contains("joined as device beta of alice", "remote 'alpha'");

    var list = nymote(beta, "device", "list");
    assertThat(list.stdout())
        .containsPattern("alpha [0-9a-f]{64} active")
        .containsPattern("beta [0-9a-f]{64} active");
    assertThat(Files.readString(beta.resolve("users/alice/remotes.json")))
        .contains("\"device\" : true", ":" + port + "/git/alice/store.git");
    assertThat(Files.exists(beta.resolve("identity/root.key"))).isFalse();
    for (Path key : new Path[] {
      beta.resolve("identity/device.key"),
      alpha.resolve("identity/device.key"),
      alpha.resolve("identity/root.key")
    }) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .isEqualTo("rw-------");
    }
    // The serve that issued the certificate lists the new device too (asked over mutual TLS).
    assertThat(nymote(alpha, "device", "list").stdout()).contains("beta ");
  }

  @Test
  @Order(2)
  void aReusedInvitationIsRefused() throws Exception {
    Path delta = dir.resolve("delta");
    var join = nymote(delta, "device", "join", beforeBetaJoined, "--name", "delta");
    assertThat(join.exitCode()).isEqualTo(1);
    assertThat(join.stderr()).contains("refused to pair (403)", "already used");
    assertThat(Files.exists(delta.resolve("identity"))).isFalse();
  }

  @Test
  @Order(3)
  void anExpiredInvitationIsRefused() throws Exception {
    String code = invite("--expires", "1s");
    Thread.sleep(1_100);
    var join = nymote(dir.resolve("epsilon"), "device", "join", code, "--name", "epsilon");
    assertThat(join.exitCode()).isEqualTo(1);
    assertThat(join.stderr()).contains("refused to pair (403)", "expired");
  }

  @Test
  @Order(4)
  void aWrongFingerprintIsRefusedBeforeTheTokenIsSent() throws Exception {
    String code = invite();
    Invitation real = Invitation.decode(code);
    byte[] other = real.rootFingerprint();
    other[0] ^= 1;
    String tampered = new Invitation(real.token(), other, real.host(), real.port()).encode();
    Path gamma = dir.resolve("gamma");
    var refused = nymote(gamma, "device", "join", tampered, "--name", "gamma");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains("does not match the fingerprint", "nothing was sent");
    assertThat(Files.exists(gamma.resolve("identity"))).isFalse();

    // The token was never sent, so the real code still works.
    var join = nymote(gamma, "device", "join", code, "--name", "gamma");
    assertThat(join.exitCode()).as(join.stderr()).isZero();
  }

  @Test
  @Order(5)
  void anUnpairedDeviceIsRefused() throws Exception {
    String refs =
        "https://127.0.0.1:" + port + "/git/alice/store.git/info/refs" + "?service=git-upload-pack";
    var alphaIdentity = DeviceIdentity.find(alpha).orElseThrow();
    var trustAlpha = new RootTrust(alphaIdentity.root(), c -> false);

    // No certificate at all: the TLS handshake passes (a joining device has none), Git does not.
    var anonymous = get(DeviceTls.context(null, trustAlpha), refs);
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.body()).contains("paired devices");

    // A device certificate from another root: refused in the handshake.
    var keys = StrangerDevice.keys("alice", "beta");
    assertThatThrownBy(() -> get(DeviceTls.context(keys, trustAlpha), refs))
        .isInstanceOf(IOException.class);

    // A paired device gets the advertisement.
    var gamma = DeviceIdentity.find(dir.resolve("gamma")).orElseThrow();
    var paired = get(DeviceTls.context(gamma.keyManager(), trustAlpha), refs);
    assertThat(paired.statusCode()).isEqualTo(200);
    assertThat(paired.body()).contains("refs/heads/main");
    // ... of its own user's store only.
    var other = get(
        DeviceTls.context(gamma.keyManager(), trustAlpha),
        refs.replace("/git/alice/", "/git/bob/"));
    assertThat(other.statusCode()).isEqualTo(403);
  }

  @Test
  @Order(5)
  void thePairingEndpointRefusesGarbage() throws Exception {
    var trust = new RootTrust(DeviceIdentity.find(alpha).orElseThrow().root(), c -> false);
    SSLContext tls = DeviceTls.context(null, trust);
    String pair = "https://127.0.0.1:" + port + "/pair";
    assertThat(post(tls, pair, "hello").statusCode()).isEqualTo(400);
    assertThat(post(tls, pair, "x".repeat(5000)).statusCode()).isEqualTo(413);
    assertThat(get(tls, pair).statusCode()).isEqualTo(405);
    var unknown = new org.nymote.signpost.pairing.JoinRequest(
        new byte[16], new DeviceName("zeta"), Ed25519.generate().getPublic());
    var refused = post(tls, pair, unknown.encode());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("unknown or already used invitation");
    assertThat(nymote(alpha, "device", "list").stdout()).doesNotContain("zeta");
  }

  @Test
  @Order(6)
  void aRevokedDeviceIsRefusedByEveryDeviceAfterOneSync() throws Exception {
    Path beta = dir.resolve("beta");
    Path gamma = dir.resolve("gamma");
    var before = nymote(gamma, "sync");
    assertThat(before.exitCode()).as(before.stderr()).isZero();

    // Beta learns of gamma by a sync, then revokes it: a change in beta's store that alpha
    // learns by one sync.
    var learn = nymote(beta, "sync");
    assertThat(learn.exitCode()).as(learn.stderr()).isZero();
    assertThat(nymote(beta, "device", "list").stdout()).contains("gamma ");
    var revoke = nymote(beta, "device", "revoke", "gamma");
    assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
    assertThat(nymote(alpha, "device", "list").stdout()).containsPattern("gamma \\S+ active");
    var sync = nymote(beta, "sync");
    assertThat(sync.exitCode()).as(sync.stderr()).isZero();
    assertThat(nymote(alpha, "device", "list").stdout()).containsPattern("gamma \\S+ revoked");

    var after = nymote(gamma, "sync");
    assertThat(after.exitCode()).isEqualTo(1);
    assertThat(after.stderr()).contains("alpha");
    var gammaIdentity = DeviceIdentity.find(gamma).orElseThrow();
    var trust = new RootTrust(gammaIdentity.root(), c -> false);
    assertThatThrownBy(() -> get(
            DeviceTls.context(gammaIdentity.keyManager(), trust),
            "https://127.0.0.1:" + port + "/git/alice/store.git/info/refs?service=git-upload-pack"))
        .isInstanceOf(IOException.class);
  }

  @Test
  @Order(7)
  void privateKeysNeverReachTheStore() throws Exception {
    Path store = dir.resolve("beta/users/alice/store.git");
    var files = git(store, "ls-tree", "-r", "--name-only", "main");
    assertThat(files)
        .contains("signpost/root.pem", "signpost/devices/alpha.pem", "signpost/devices/gamma.pem");
    assertThat(files).containsPattern("signpost/revoked/[0-9a-f]{64}");
    var grep = new ProcessBuilder(
            "git", "--git-dir", store.toString(), "grep", "-c", "PRIVATE KEY", "main")
        .redirectErrorStream(true)
        .start();
    assertThat(grep.waitFor()).as("git grep finds no private key").isEqualTo(1);
  }

  private static String git(Path gitDir, String... args) throws Exception {
    var command =
        new java.util.ArrayList<>(java.util.List.of("git", "--git-dir", gitDir.toString()));
    command.addAll(java.util.List.of(args));
    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private static HttpResponse<String> post(SSLContext tls, String url, String body)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(20))
        .build()) {
      return client.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static HttpResponse<String> get(SSLContext tls, String url)
      throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(Duration.ofSeconds(20))
        .build()) {
      return client.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
