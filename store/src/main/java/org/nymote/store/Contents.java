package org.nymote.store;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A content type of the store: a codec between {@code T} and the bytes of a Git blob, and the
 * three-way merge of its values. Implementations are immutable and thread-safe; {@code decode}
 * throws {@link IllegalArgumentException} for bytes that are not a valid {@code T}.
 */
public interface Contents<T> {
  /** A short name, for messages and the schema's description. */
  String name();

  byte[] encode(T value);

  T decode(byte[] bytes);

  Merged<T> merge(Supplier<Optional<T>> base, T ours, T theirs);

  /**
   * Whether two sides that made the value equal agree, so that the merge is not needed ({@code
   * merge(b, x, x) = x}). True for most types. A counter is not: two writers that each add one to
   * 5 both write 6, and the merge must give 7. For such a type the tree merge calls {@link
   * #merge} even when both sides are equal.
   */
  default boolean idempotent() {
    return true;
  }

  /** Merges encoded values: decodes, merges, encodes. */
  default Merged<byte[]> mergeBytes(Supplier<Optional<byte[]>> base, byte[] ours, byte[] theirs) {
    T o;
    T t;
    try {
      o = decode(ours);
      t = decode(theirs);
    } catch (IllegalArgumentException e) {
      return Merged.conflict("not valid " + name() + ": " + e.getMessage());
    }
    Supplier<Optional<T>> b = () -> {
      try {
        return base.get().map(this::decode);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    };
    return switch (merge(b, o, t)) {
      case Merged.Ok<T> ok -> Merged.ok(encode(ok.value()));
      case Merged.Conflict<T> c -> Merged.conflict(c.reason());
    };
  }

  /** Builds contents from a codec and a merge. */
  static <T> Contents<T> of(
      String name,
      java.util.function.Function<T, byte[]> encode,
      java.util.function.Function<byte[], T> decode,
      Merge<T> merge) {
    return new Contents<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public byte[] encode(T value) {
        return encode.apply(value);
      }

      @Override
      public T decode(byte[] bytes) {
        return decode.apply(bytes);
      }

      @Override
      public Merged<T> merge(Supplier<Optional<T>> base, T ours, T theirs) {
        return merge.merge(base, ours, theirs);
      }
    };
  }
}
