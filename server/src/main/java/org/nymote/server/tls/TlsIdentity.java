package org.nymote.server.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.nymote.server.files.PrivateFiles;
import org.nymote.server.users.RandomPassword;

/**
 * The server's TLS key and certificate, kept in the home as a PKCS12 keystore under alias
 * {@value #ALIAS}, whose random password sits in a file beside it; both files are mode 0600.
 *
 * <p>The keystore password protects nothing that the file mode does not already: it exists because
 * PKCS12 wants one. Immutable after loading; the password array is shared, do not wipe it while the
 * identity is in use.
 */
public final class TlsIdentity {
  /** The keystore alias of the key and certificate. */
  public static final String ALIAS = "nymote";

  private final KeyStore keyStore;
  private final char[] password;
  private final X509Certificate certificate;

  private TlsIdentity(KeyStore keyStore, char[] password, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.password = password;
    this.certificate = certificate;
  }

  /**
   * Loads the identity from {@code keystore} and {@code passwordFile}, or, when neither exists,
   * creates a self-signed one for {@code hosts} (see {@link SelfSignedCertificate}) and stores it.
   */
  public static TlsIdentity loadOrCreate(Path keystore, Path passwordFile, List<String> hosts)
      throws IOException {
    boolean haveStore = Files.exists(keystore);
    if (haveStore != Files.exists(passwordFile)) {
      throw new IOException("found only one of " + keystore + " and " + passwordFile
          + "; delete the other too and start again to generate a new certificate");
    }
    return haveStore ? load(keystore, passwordFile) : create(keystore, passwordFile, hosts);
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  public char[] password() {
    return password;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The SHA-256 fingerprint of the certificate, as colon-separated hex, for users to compare. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static TlsIdentity load(Path keystore, Path passwordFile) throws IOException {
    char[] password =
        Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(Files.readAllBytes(keystore)), password);
      if (!(store.getCertificate(ALIAS) instanceof X509Certificate certificate)
          || !store.isKeyEntry(ALIAS)) {
        throw new IOException(keystore + " has no key and certificate under alias '" + ALIAS
            + "'; move it away and start again to generate a new one");
      }
      return new TlsIdentity(store, password, certificate);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot read the TLS keystore " + keystore + " (" + e.getMessage() + "); check "
              + passwordFile + ", or move both away to generate a new certificate",
          e);
    }
  }

  private static TlsIdentity create(Path keystore, Path passwordFile, List<String> hosts)
      throws IOException {
    char[] password = RandomPassword.generate().toCharArray();
    try {
      var generated = SelfSignedCertificate.generate(hosts, Instant.now());
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, generated.keyPair().getPrivate(), password, new Certificate[] {
        generated.certificate()
      });
      var bytes = new ByteArrayOutputStream();
      store.store(bytes, password);
      PrivateFiles.write(
          passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
      PrivateFiles.write(keystore, bytes.toByteArray());
      return new TlsIdentity(store, password, generated.certificate());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot create a TLS certificate: " + e.getMessage(), e);
    }
  }
}
