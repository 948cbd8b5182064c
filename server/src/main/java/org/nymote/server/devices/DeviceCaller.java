package org.nymote.server.devices;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.nymote.server.stores.Stores;
import org.nymote.server.users.UserName;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.RootTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sends a request on the device-sync listener: the user, if the TLS client certificate is one
 * of their devices' and, as of the store now, not revoked. Checked on every request, not only at
 * the handshake, so a revocation (made here or arrived by sync) cuts off a kept-alive connection
 * too. Thread-safe.
 */
public final class DeviceCaller {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceCaller.class);

  private final DeviceIdentity identity;
  private final RootTrust trust;

  public DeviceCaller(DeviceIdentity identity, Stores stores) {
    this.identity = identity;
    this.trust = trustOf(identity, stores);
  }

  /** Trusts the user's devices, asking the store whether one is revoked. */
  public static RootTrust trustOf(DeviceIdentity identity, Stores stores) {
    return new RootTrust(
        identity.root(), c -> DeviceRegistry.isRevoked(stores.of(identity.user()), c));
  }

  /**
   * Trusts only the device {@code peer} as a TLS server: one of the user's, not revoked, with the
   * certificate the store records for it.
   */
  public static PinnedDeviceTrust pinned(DeviceIdentity identity, Stores stores, DeviceName peer) {
    return new PinnedDeviceTrust(
        trustOf(identity, stores),
        peer,
        DeviceRegistry.fingerprint(stores.of(identity.user()), peer));
  }

  /** The certificate the request's TLS client presented, if any. */
  static Optional<X509Certificate> certificate(Request request) {
    if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
            instanceof EndPoint.SslSessionData tls
        && tls.peerCertificates() != null
        && tls.peerCertificates().length > 0) {
      return Optional.of(tls.peerCertificates()[0]);
    }
    return Optional.empty();
  }

  /** The user, if the request comes from one of their active devices. */
  public Optional<UserName> of(Request request) {
    return device(request).map(d -> identity.user());
  }

  /** The device the request comes from, if it is one of the user's active devices. */
  public Optional<DeviceName> device(Request request) {
    Optional<X509Certificate> device = certificate(request);
    if (device.isEmpty()) {
      return Optional.empty();
    }
    try {
      trust.check(device.get(), true);
      return Optional.of(Certificates.deviceName(device.get()));
    } catch (CertificateException e) {
      LOG.info("device request refused: {}", e.getMessage());
      return Optional.empty();
    }
  }
}
