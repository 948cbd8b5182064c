package org.nymote.mail.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content keys of messages: the lower-case hex SHA-256 of the raw bytes. */
final class Hashes {
  private Hashes() {}

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  static void check(String hash) {
    if (hash == null || hash.length() != 64 || !hash.chars().allMatch(Hashes::isLowerHex)) {
      throw new IllegalArgumentException("not a SHA-256 content key: " + hash);
    }
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
