package org.nymote.server.users;

import java.security.SecureRandom;

/** Random passwords to hand out once: easy to copy, with no look-alike characters. */
public final class RandomPassword {
  // No 0/O, 1/l/I: a password is read off a terminal and typed elsewhere.
  private static final String ALPHABET =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final int LENGTH = 22; // log2(57^22), about 128 bits
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomPassword() {}

  /** A new password of {@value #LENGTH} characters from a strong random source. */
  public static String generate() {
    var password = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
