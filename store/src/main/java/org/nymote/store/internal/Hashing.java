package org.nymote.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/** Git object ids (SHA-1 over "type length\0" and the content) and the shard hash of names. */
public final class Hashing {
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1", e);
    }
  });

  private Hashing() {}

  /** The Git id of an object of {@code type} with {@code data}. */
  public static ObjectId id(int type, byte[] data) {
    MessageDigest md = SHA1.get();
    md.reset();
    md.update(Constants.encodedTypeString(type));
    md.update((byte) ' ');
    md.update(Integer.toString(data.length).getBytes(StandardCharsets.US_ASCII));
    md.update((byte) 0);
    md.update(data);
    return ObjectId.fromRaw(md.digest());
  }

  /**
   * The 64-bit FNV-1a hash of a name's UTF-8 bytes. It picks a name's shard in a large directory,
   * so it is part of the on-disk layout and must never change.
   */
  public static long shardHash(String name) {
    long h = 0xcbf29ce484222325L;
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    for (byte x : b) {
      h ^= (x & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
