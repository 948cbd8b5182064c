package org.nymote.server.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A new EC P-256 key and a self-signed X.509 server certificate for it, built with BouncyCastle:
 * valid for ten years, for TLS server authentication, naming {@code localhost}, the loopback
 * addresses and the host names given.
 */
record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
  private static final Duration VALIDITY = Duration.ofDays(3650);

  /** Generates a key and its certificate; {@code hosts} are DNS names or IP address literals. */
  static SelfSignedCertificate generate(List<String> hosts, Instant now)
      throws GeneralSecurityException {
    var generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keyPair = generator.generateKeyPair();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Nymote")
        .addRDN(BCStyle.CN, hosts.isEmpty() ? "localhost" : hosts.get(0))
        .build();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        name,
        new BigInteger(128, new SecureRandom()).setBit(127),
        Date.from(now.minus(Duration.ofDays(1))), // tolerate a clock a little behind
        Date.from(now.plus(VALIDITY)),
        name,
        keyPair.getPublic());
    try {
      var extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, alternativeNames(hosts))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new SelfSignedCertificate(keyPair, certificate);
    } catch (CertIOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot build the self-signed certificate", e);
    }
  }

  private static GeneralNames alternativeNames(List<String> hosts) {
    Set<String> all = new LinkedHashSet<>(hosts);
    all.addAll(List.of("localhost", "127.0.0.1", "::1"));
    List<GeneralName> names = new ArrayList<>();
    for (String host : all) {
      names.add(
          isAddress(host)
              ? new GeneralName(GeneralName.iPAddress, host)
              : new GeneralName(GeneralName.dNSName, host));
    }
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static boolean isAddress(String host) {
    if (!host.contains(":") && !host.matches("[0-9.]+")) {
      return false;
    }
    try {
      // A literal address is parsed without any name lookup.
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
