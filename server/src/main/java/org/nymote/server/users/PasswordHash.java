package org.nymote.server.users;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2id password hash (RFC 9106) with its salt and parameters, in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} that other tools read too.
 *
 * <p>New hashes use OWASP's recommended minimum (19 MiB, 2 passes, 1 lane); stored hashes keep the
 * parameters they were made with, so the defaults can grow without breaking old passwords.
 * Immutable and thread-safe.
 */
public final class PasswordHash {
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  // Bounds for stored parameters, so that an edited file cannot make a login take a gigabyte.
  private static final int MAX_MEMORY_KIB = 256 * 1024;
  private static final int MAX_ITERATIONS = 16;
  private static final Pattern PHC =
      Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,3}),p=(\\d{1,3})"
          + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a new random salt. */
  public static PasswordHash of(byte[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2id(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return new PasswordHash(MEMORY_KIB, ITERATIONS, PARALLELISM, salt, hash);
  }

  /** Reads a PHC string; throws {@link IllegalArgumentException} if it is not one we accept. */
  public static PasswordHash parse(String phc) {
    Matcher m = PHC.matcher(phc);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an Argon2id (v=19) PHC string");
    }
    int memoryKib = Integer.parseInt(m.group(1));
    int iterations = Integer.parseInt(m.group(2));
    int parallelism = Integer.parseInt(m.group(3));
    byte[] salt = DECODER.decode(m.group(4));
    byte[] hash = DECODER.decode(m.group(5));
    if (memoryKib > MAX_MEMORY_KIB
        || iterations < 1
        || iterations > MAX_ITERATIONS
        || parallelism < 1
        || memoryKib < 8 * parallelism
        || salt.length < 8
        || hash.length < 16) {
      throw new IllegalArgumentException("Argon2id parameters out of bounds");
    }
    return new PasswordHash(memoryKib, iterations, parallelism, salt, hash);
  }

  /** Whether {@code password} is the one hashed; compares in constant time. */
  public boolean matches(byte[] password) {
    byte[] candidate = argon2id(password, salt, memoryKib, iterations, parallelism, hash.length);
    return MessageDigest.isEqual(candidate, hash);
  }

  /** The PHC string, as stored. */
  public String encode() {
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
        + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
  }

  @Override
  public String toString() {
    return "PasswordHash[argon2id m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "]";
  }

  private static byte[] argon2id(
      byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .build();
    var generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
