package org.nymote.signpost.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Mutual TLS 1.3 between devices with Ed25519 certificates, over real loopback sockets. */
class DeviceTlsTest {
  private static final Instant NOW = Instant.now();

  record Device(KeyPair keys, X509Certificate certificate, X509Certificate root) {
    DeviceKeyManager keyManager() {
      return new DeviceKeyManager(keys.getPrivate(), certificate, root);
    }
  }

  record Root(KeyPair keys, X509Certificate certificate) {
    static Root create(String user) throws Exception {
      KeyPair keys = Ed25519.generate();
      return new Root(keys, Certificates.root(keys, user, NOW));
    }

    Device device(String name) throws Exception {
      KeyPair keys = Ed25519.generate();
      return new Device(
          keys,
          Certificates.device(
              this.keys.getPrivate(), certificate, keys.getPublic(), new DeviceName(name), NOW),
          certificate);
    }
  }

  private final Set<String> revoked = ConcurrentHashMap.newKeySet();

  /** Handshakes {@code client} with a server device {@code server} trusting {@code root}. */
  private String handshake(Device server, Device client, X509Certificate clientTrusts)
      throws Exception {
    var serverContext = DeviceTls.context(
        server.keyManager(),
        new RootTrust(server.root(), c -> revoked.contains(Certificates.fingerprint(c))));
    try (var listening = (SSLServerSocket) serverContext
        .getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listening.setNeedClientAuth(true);
      Thread accept = Thread.ofVirtual().start(() -> {
        try (var s = (SSLSocket) listening.accept()) {
          s.startHandshake();
          s.getOutputStream().write(42);
          s.getOutputStream().flush();
        } catch (IOException e) {
          // the client sees the failure
        }
      });
      var clientContext = DeviceTls.context(
          client == null ? null : client.keyManager(), new RootTrust(clientTrusts, c -> false));
      try (var s = (SSLSocket) clientContext
          .getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
        s.startHandshake();
        int b = s.getInputStream().read();
        accept.join();
        return b + " "
            + Certificates.deviceName((X509Certificate) s.getSession().getPeerCertificates()[0]);
      }
    }
  }

  @Test
  void twoDevicesOfOneUserHandshakeBothWays() throws Exception {
    Root root = Root.create("alice");
    Device laptop = root.device("laptop");
    Device phone = root.device("phone");
    assertThat(handshake(laptop, phone, root.certificate())).isEqualTo("42 laptop");
    assertThat(Certificates.deviceName(phone.certificate())).isEqualTo(new DeviceName("phone"));
  }

  @Test
  void aDeviceOfAnotherUserIsRefused() throws Exception {
    Root alice = Root.create("alice");
    Root mallory = Root.create("mallory");
    Device server = alice.device("laptop");
    Device stranger = mallory.device("laptop");
    assertThatThrownBy(() -> handshake(server, stranger, alice.certificate()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aRevokedDeviceIsRefused() throws Exception {
    Root root = Root.create("alice");
    Device server = root.device("laptop");
    Device phone = root.device("phone");
    revoked.add(Certificates.fingerprint(phone.certificate()));
    assertThatThrownBy(() -> handshake(server, phone, root.certificate()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aClientPinningAnotherRootRefusesTheServer() throws Exception {
    Root alice = Root.create("alice");
    Root other = Root.create("alice");
    assertThatThrownBy(
            () -> handshake(alice.device("laptop"), alice.device("phone"), other.certificate()))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("not signed by the user's root");
  }

  @Test
  void theRootCannotActAsADevice() throws Exception {
    Root root = Root.create("alice");
    var trust = new RootTrust(root.certificate(), c -> false);
    assertThatThrownBy(() -> trust.check(root.certificate(), true))
        .hasMessageContaining("not a device certificate");
  }
}
