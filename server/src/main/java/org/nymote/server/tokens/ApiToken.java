package org.nymote.server.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of an API token: {@code nyt_} then 256 random bits in base64url (43 characters). Only
 * its SHA-256 hash is ever stored; a token with 256 bits of entropy needs no slow hash.
 */
public final class ApiToken {
  /** Every token starts with this, so that a leaked one is easy to recognise and scan for. */
  public static final String PREFIX = "nyt_";

  private static final int RANDOM_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiToken() {}

  /** A new random token. */
  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 hash of a token, in lower-case hex: what the tokens file keeps. */
  public static String hash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
