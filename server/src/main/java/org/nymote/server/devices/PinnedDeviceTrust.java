package org.nymote.server.devices;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.nymote.signpost.identity.Certificates;
import org.nymote.signpost.identity.DeviceName;
import org.nymote.signpost.identity.DeviceTrust;
import org.nymote.signpost.identity.RootTrust;

/**
 * Trusts one device of the user as a TLS server: the peer must pass {@link RootTrust} (the user's
 * root, not revoked) and be the device {@code expected}, with the certificate the store records for
 * it when it records one. Without this pin any of the user's devices could answer for another, a
 * relay among them. Only for the client side of a link. Thread-safe.
 */
public final class PinnedDeviceTrust extends DeviceTrust {
  private final RootTrust devices;
  private final DeviceName expected;
  private final Optional<String> fingerprint;

  /**
   * @param fingerprint the SHA-256 (hex) of the certificate the store holds for {@code expected},
   *     if it holds one
   */
  public PinnedDeviceTrust(RootTrust devices, DeviceName expected, Optional<String> fingerprint) {
    this.devices = devices;
    this.expected = expected;
    this.fingerprint = fingerprint;
  }

  /** The device this trust expects. */
  public DeviceName expected() {
    return expected;
  }

  @Override
  protected void check(X509Certificate[] chain, boolean asClient) throws CertificateException {
    if (asClient) {
      throw new CertificateException("a pinned device trust is for the client side only");
    }
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no certificate presented");
    }
    devices.check(chain[0], false);
    DeviceName peer = Certificates.deviceName(chain[0]);
    if (!peer.equals(expected)) {
      throw new CertificateException("the peer is device " + peer + ", not " + expected
          + ": refusing it (another of the user's devices, or a relay, answered for " + expected
          + ")");
    }
    if (fingerprint.isPresent() && !Certificates.fingerprint(chain[0]).equals(fingerprint.get())) {
      throw new CertificateException("the peer's certificate for " + expected
          + " is not the one the store records for that device");
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return devices.getAcceptedIssuers();
  }
}
