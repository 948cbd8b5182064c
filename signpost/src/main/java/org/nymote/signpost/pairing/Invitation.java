package org.nymote.signpost.pairing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A one-time invitation to pair a device, as the short text the user carries from one device to
 * the other: a random token (128 bits, from {@link SecureRandom}), the SHA-256 fingerprint of the
 * user's root certificate, which the joining device pins, and the address of the inviting device's
 * device-sync listener. The inviting device keeps only {@link #tokenHash()}, so the code is usable
 * once and is not found in its files.
 *
 * <p>Text: {@code nymote1-} then URL-safe Base64 (no padding) of version 1, the 16 token bytes,
 * the 32 fingerprint bytes, the port (2 bytes) and the host (UTF-8, at most 253 bytes).
 */
public record Invitation(byte[] token, byte[] rootFingerprint, String host, int port) {
  /** The prefix of an invitation code. */
  public static final String PREFIX = "nymote1-";

  private static final int TOKEN_BYTES = 16;
  private static final int FINGERPRINT_BYTES = 32;
  private static final int MAX_HOST_BYTES = 253;
  private static final SecureRandom RANDOM = new SecureRandom();

  public Invitation {
    token = token.clone();
    rootFingerprint = rootFingerprint.clone();
    if (token.length != TOKEN_BYTES || rootFingerprint.length != FINGERPRINT_BYTES) {
      throw new IllegalArgumentException("an invitation has a 16-byte token and a SHA-256");
    }
    if (host.isEmpty()
        || host.getBytes(StandardCharsets.UTF_8).length > MAX_HOST_BYTES
        || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the port must be between 1 and 65535, not " + port);
    }
  }

  /** A new invitation with a fresh random token. */
  public static Invitation create(byte[] rootFingerprint, String host, int port) {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    return new Invitation(token, rootFingerprint, host, port);
  }

  /** The code to give the new device. */
  public String encode() {
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    var out = new ByteArrayOutputStream();
    out.write(1);
    out.writeBytes(token);
    out.writeBytes(rootFingerprint);
    out.write(port >> 8);
    out.write(port & 0xff);
    out.writeBytes(h);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /** Reads a code; throws {@link IllegalArgumentException} saying what is wrong with it. */
  public static Invitation decode(String code) {
    String text = code.strip();
    if (!text.startsWith(PREFIX) || text.length() > 600) {
      throw new IllegalArgumentException(
          "not an invitation code: it starts with '" + PREFIX + "' (from `nymote device invite`)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the invitation code is damaged: copy it again");
    }
    int fixed = 1 + TOKEN_BYTES + FINGERPRINT_BYTES + 2;
    if (bytes.length <= fixed || bytes[0] != 1) {
      throw new IllegalArgumentException("the invitation code is damaged or from a newer Nymote");
    }
    var b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    byte[] token = new byte[TOKEN_BYTES];
    byte[] fingerprint = new byte[FINGERPRINT_BYTES];
    b.get(token).get(fingerprint);
    int port = Short.toUnsignedInt(b.getShort());
    String host = new String(bytes, fixed, bytes.length - fixed, StandardCharsets.UTF_8);
    return new Invitation(token, fingerprint, host, port);
  }

  /** What the inviting device stores: the SHA-256 of the token, in hex. */
  public String tokenHash() {
    return hash(token);
  }

  /** The SHA-256 of {@code token} in hex, as {@link #tokenHash()}. */
  public static String hash(byte[] token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fingerprint to pin, in hex. */
  public String rootFingerprintHex() {
    return HexFormat.of().formatHex(rootFingerprint);
  }

  @Override
  public byte[] token() {
    return token.clone();
  }

  @Override
  public byte[] rootFingerprint() {
    return rootFingerprint.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Invitation i
        && MessageDigest.isEqual(token, i.token)
        && MessageDigest.isEqual(rootFingerprint, i.rootFingerprint)
        && host.equals(i.host)
        && port == i.port;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(rootFingerprint) * 31 + host.hashCode() + port;
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "Invitation[root " + rootFingerprintHex() + ", " + host + ":" + port + "]";
  }
}
