package org.nymote.signpost.identity;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS 1.3 contexts from the JDK for device links: Ed25519 certificates need no other provider. */
public final class DeviceTls {
  private DeviceTls() {}

  /** A TLS 1.3 context presenting {@code keys} (null: none) and trusting by {@code trust}. */
  public static SSLContext context(X509ExtendedKeyManager keys, X509ExtendedTrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(keys == null ? null : new KeyManager[] {keys}, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no TLS 1.3", e);
    }
  }
}
