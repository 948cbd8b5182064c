package org.nymote.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/** The certificate a home's serve presents on its TLS listeners, for test clients to trust. */
public final class HomeCertificate {
  private HomeCertificate() {}

  /** The certificate, from the home's keystore. */
  public static Certificate of(Path home) throws Exception {
    Path tls = home.resolve("tls");
    char[] secret = Files.readString(tls.resolve("nymote.p12.password")).strip().toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(tls.resolve("nymote.p12"))) {
      store.load(in, secret);
    }
    return store.getCertificate("nymote");
  }

  /** The certificate written as PEM to {@code pem}, which is returned. */
  public static Path writePem(Path home, Path pem) throws Exception {
    Files.writeString(pem, pem(of(home)));
    return pem;
  }

  static String pem(Certificate c) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
