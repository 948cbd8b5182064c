package org.nymote.signpost.identity;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Trusts a server only if it presents a device certificate signed by the root whose SHA-256
 * fingerprint was pinned in an invitation, with that root in its chain; remembers the root. For
 * the one connection of a join, before the new device knows the root; a client only.
 */
public final class PinnedRootTrust extends DeviceTrust {
  private final byte[] fingerprint;
  private volatile X509Certificate root;

  public PinnedRootTrust(byte[] fingerprint) {
    this.fingerprint = fingerprint.clone();
  }

  /** The pinned root, once a server presented it. */
  public Optional<X509Certificate> root() {
    return Optional.ofNullable(root);
  }

  @Override
  protected void check(X509Certificate[] chain, boolean asClient) throws CertificateException {
    if (asClient) {
      throw new CertificateException("a joining device trusts no clients");
    }
    if (chain == null || chain.length < 2) {
      throw new CertificateException("the server sent no root certificate: not a Nymote device");
    }
    for (X509Certificate c : chain) {
      if (MessageDigest.isEqual(fingerprint, Certificates.fingerprintBytes(c))) {
        try {
          c.verify(c.getPublicKey());
        } catch (GeneralSecurityException e) {
          throw new CertificateException("the pinned root is not self-signed");
        }
        new RootTrust(c, d -> false).check(chain[0], false);
        root = c;
        return;
      }
    }
    throw new CertificateException("the server's root does not match the fingerprint in the"
        + " invitation: refusing to pair (wrong address, or someone in between)");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
