package org.nymote.signpost.identity;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The X.509 certificates of an identity (RFC 5280), built with BouncyCastle and signed with
 * Ed25519 (RFC 8410): the user's root, self-signed and allowed to sign device certificates only,
 * and a device certificate per device, signed by the root, for TLS as server and as client.
 */
public final class Certificates {
  /** How long a root certificate is valid. */
  public static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
  /** How long a device certificate is valid; revocation, not expiry, is how a device is cut off. */
  public static final Duration DEVICE_VALIDITY = Duration.ofDays(10 * 365);

  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  /** A self-signed root certificate for {@code user}'s root key pair. */
  public static X509Certificate root(KeyPair root, String user, Instant now)
      throws GeneralSecurityException {
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Nymote")
        .addRDN(BCStyle.CN, "root of " + user)
        .build();
    var builder = builder(name, name, root.getPublic(), now, ROOT_VALIDITY);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot build the root certificate", e);
    }
    return sign(builder, root.getPrivate());
  }

  /** A certificate for {@code device}'s public key, signed by the root. */
  public static X509Certificate device(
      PrivateKey rootKey,
      X509Certificate rootCertificate,
      PublicKey device,
      DeviceName name,
      Instant now)
      throws GeneralSecurityException {
    if (!device.getAlgorithm().equals("Ed25519") && !device.getAlgorithm().equals("EdDSA")) {
      throw new GeneralSecurityException(
          "a device key must be Ed25519, not " + device.getAlgorithm());
    }
    X500Name issuer =
        X500Name.getInstance(rootCertificate.getSubjectX500Principal().getEncoded());
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Nymote")
        .addRDN(BCStyle.CN, name.value())
        .build();
    var builder = builder(issuer, subject, device, now, DEVICE_VALIDITY);
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
          }));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("cannot build the device certificate", e);
    }
    return sign(builder, rootKey);
  }

  /** The device name in a device certificate's common name. */
  public static DeviceName deviceName(X509Certificate device) {
    X500Name subject = X500Name.getInstance(device.getSubjectX500Principal().getEncoded());
    var cn = subject.getRDNs(BCStyle.CN);
    if (cn.length != 1) {
      throw new IllegalArgumentException("not a device certificate: " + principal(device));
    }
    return new DeviceName(IETFUtils.valueToString(cn[0].getFirst().getValue()));
  }

  /** The SHA-256 of the certificate's DER encoding, in lower-case hex. */
  public static String fingerprint(X509Certificate certificate) {
    return HexFormat.of().formatHex(fingerprintBytes(certificate));
  }

  public static byte[] fingerprintBytes(X509Certificate certificate) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash a certificate", e);
    }
  }

  private static String principal(X509Certificate c) {
    return c.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey key, Instant now, Duration validity) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(128, RANDOM).setBit(127),
        Date.from(now.minus(Duration.ofDays(1))), // tolerate a clock a little behind
        Date.from(now.plus(validity)),
        subject,
        key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      var signer = new JcaContentSignerBuilder("Ed25519").build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign a certificate with Ed25519", e);
    }
  }
}
