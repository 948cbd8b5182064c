package org.nymote.signpost.zone;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * One device's zone signing key: ECDSA P-256 with SHA-256 (DNSSEC algorithm 13, RFC 6605), made
 * by the JDK. It is published as a DNSKEY with the SEP flag (a combined signing key: it signs the
 * DNSKEY set and every other RRset). The private part stays on its device; only {@link
 * #dnskeyField} goes into the store. Immutable and thread-safe.
 */
public final class ZoneKey {
  public static final int ALGORITHM = DNSSEC.Algorithm.ECDSAP256SHA256;
  /** ZONE and SEP (RFC 4034 section 2.1.1). */
  public static final int FLAGS = 257;

  private final KeyPair pair;
  private final byte[] dnskeyField;

  private ZoneKey(KeyPair pair) {
    this.pair = pair;
    try {
      this.dnskeyField =
          new DNSKEYRecord(Name.root, DClass.IN, 0, FLAGS, 3, ALGORITHM, pair.getPublic()).getKey();
    } catch (DNSSEC.DNSSECException e) {
      throw new IllegalArgumentException("not a P-256 key: " + e.getMessage(), e);
    }
  }

  public static ZoneKey generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return new ZoneKey(g.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make P-256 keys", e);
    }
  }

  /** The key file's bytes: two lines, {@code private PKCS8-BASE64} and {@code public X509-BASE64}. */
  public byte[] encode() {
    var b64 = Base64.getEncoder();
    return ("private " + b64.encodeToString(pair.getPrivate().getEncoded()) + "\npublic "
            + b64.encodeToString(pair.getPublic().getEncoded()) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads {@link #encode}'s form back; throws {@link IllegalArgumentException} if it is not. */
  public static ZoneKey decode(byte[] file) {
    String[] lines = new String(file, StandardCharsets.US_ASCII).strip().split("\n");
    if (lines.length != 2 || !lines[0].startsWith("private ") || !lines[1].startsWith("public ")) {
      throw new IllegalArgumentException("not a zone key file");
    }
    try {
      KeyFactory f = KeyFactory.getInstance("EC");
      var b64 = Base64.getDecoder();
      PrivateKey priv = f.generatePrivate(
          new PKCS8EncodedKeySpec(b64.decode(lines[0].substring(8).strip())));
      PublicKey pub = f.generatePublic(
          new X509EncodedKeySpec(b64.decode(lines[1].substring(7).strip())));
      return new ZoneKey(new KeyPair(pub, priv));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a zone key file: " + e.getMessage(), e);
    }
  }

  /** The DNSKEY key field (RFC 6605 section 4: the point's x and y), base64. */
  public String dnskeyField() {
    return Base64.getEncoder().encodeToString(dnskeyField);
  }

  /** The DNSKEY record of this key in the zone {@code origin}. */
  public DNSKEYRecord dnskey(Name origin, long ttl) {
    return new DNSKEYRecord(origin, DClass.IN, ttl, FLAGS, 3, ALGORITHM, dnskeyField.clone());
  }

  PrivateKey privateKey() {
    return pair.getPrivate();
  }
}
