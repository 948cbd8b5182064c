package org.nymote.signpost.identity;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Predicate;

/**
 * Trusts exactly the devices of one user: a peer's certificate must be signed by the user's root,
 * be valid now, be a device certificate for the purpose at hand (TLS client or server), and not be
 * revoked (asked of {@code revoked} on every handshake). Host names play no part: the root is the
 * pin. Thread-safe if {@code revoked} is.
 */
public final class RootTrust extends DeviceTrust {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private final X509Certificate root;
  private final Predicate<X509Certificate> revoked;

  public RootTrust(X509Certificate root, Predicate<X509Certificate> revoked) {
    this.root = root;
    this.revoked = revoked;
  }

  /** Checks {@code device} as a TLS client (or server) peer; the message says why it is refused. */
  public void check(X509Certificate device, boolean asClient) throws CertificateException {
    if (device.equals(root)) {
      throw new CertificateException("the root certificate is not a device certificate");
    }
    try {
      device.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException(
          "not a device of this user: its certificate is not signed" + " by the user's root");
    }
    device.checkValidity();
    if (device.getBasicConstraints() != -1) {
      throw new CertificateException("a CA certificate is not a device certificate");
    }
    List<String> usage = device.getExtendedKeyUsage();
    String wanted = asClient ? CLIENT_AUTH : SERVER_AUTH;
    if (usage == null || !usage.contains(wanted)) {
      throw new CertificateException(
          "the certificate is not for TLS " + (asClient ? "clients" : "servers"));
    }
    if (revoked.test(device)) {
      throw new CertificateException(
          "device " + Certificates.deviceName(device) + " has been revoked");
    }
  }

  @Override
  protected void check(X509Certificate[] chain, boolean asClient) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no certificate presented");
    }
    check(chain[0], asClient);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {root};
  }
}
