package org.nymote.store.internal;

import java.util.Arrays;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A value entry: a blob by id, with its bytes when known. A leaf made from bytes carries them until
 * stored; a leaf read from a tree loads them from its source on first use. Thread-safe.
 */
public final class Leaf implements Entry {
  private final ObjectId id;
  private final int mode;
  private volatile ObjectSource source;
  private volatile byte[] bytes;
  private volatile boolean stored;
  private static final int KEEP_BYTES = 4096;

  private Leaf(ObjectId id, int mode, ObjectSource source, byte[] bytes, boolean stored) {
    this.id = id;
    this.mode = mode;
    this.source = source;
    this.bytes = bytes;
    this.stored = stored;
  }

  /** A new value, not yet stored. The bytes are copied. */
  public static Leaf of(byte[] value) {
    byte[] copy = value.clone();
    return new Leaf(
        Hashing.id(Constants.OBJ_BLOB, copy), FileMode.REGULAR_FILE.getBits(), null, copy, false);
  }

  /** A value already in {@code source}. */
  public static Leaf stored(ObjectId id, int mode, ObjectSource source) {
    return new Leaf(id, mode, source, null, true);
  }

  @Override
  public ObjectId id() {
    return id;
  }

  @Override
  public int mode() {
    return mode;
  }

  /** The value; the caller must not modify the array. */
  public byte[] bytesShared() {
    byte[] b = bytes;
    if (b == null) {
      b = source.read(id, Constants.OBJ_BLOB);
    }
    return b;
  }

  /** A copy of the value. */
  public byte[] bytes() {
    return bytesShared().clone();
  }

  boolean isStored() {
    return stored;
  }

  void collect(java.util.Set<ObjectId> seen, java.util.function.Consumer<RawObject> out) {
    if (!stored && seen.add(id)) {
      out.accept(new RawObject(Constants.OBJ_BLOB, id, bytes));
    }
  }

  /** Records that the blob is in {@code src}; a large value's bytes are then dropped. */
  void markStored(ObjectSource src) {
    if (stored) {
      return;
    }
    source = src;
    stored = true;
    if (bytes != null && bytes.length > KEEP_BYTES) {
      bytes = null;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Leaf l && l.id.equals(id) && l.mode == mode;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Leaf[" + id.name() + (bytes != null ? ", " + Arrays.toString(bytes) : "") + "]";
  }
}
