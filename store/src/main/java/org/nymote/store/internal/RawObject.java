package org.nymote.store.internal;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/** A Git object: its type ({@link Constants#OBJ_BLOB} and so on), id and raw content. */
public record RawObject(int type, ObjectId id, byte[] data) {
  /** Hashes {@code data} as an object of {@code type}. */
  public static RawObject of(int type, byte[] data) {
    return new RawObject(type, Hashing.id(type, data), data);
  }

  public static String typeName(int type) {
    return switch (type) {
      case Constants.OBJ_BLOB -> "blob";
      case Constants.OBJ_TREE -> "tree";
      case Constants.OBJ_COMMIT -> "commit";
      case Constants.OBJ_TAG -> "tag";
      default -> "type " + type;
    };
  }
}
