package org.nymote.signpost.identity;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents this device's certificate (with the root above it) in TLS, as server and as client,
 * whenever the peer accepts an EdDSA key. Immutable, thread-safe.
 */
public final class DeviceKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "device";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  public DeviceKeyManager(PrivateKey key, X509Certificate device, X509Certificate root) {
    this.key = key;
    this.chain = new X509Certificate[] {device, root};
  }

  private static boolean fits(String keyType) {
    return keyType != null && (keyType.equals("EdDSA") || keyType.equals("Ed25519"));
  }

  private static String alias(String[] keyTypes) {
    if (keyTypes != null) {
      for (String t : keyTypes) {
        if (fits(t)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return alias(keyType);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return alias(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return fits(keyType) ? ALIAS : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
