package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.Optional;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

/** The checks that the properties of every type share, phrased over a contents type. */
final class Laws {
  private Laws() {}

  static <T> Merged<T> merge(Contents<T> contents, Optional<T> base, T ours, T theirs) {
    return contents.merge(() -> base, ours, theirs);
  }

  static <T> Merged<T> merge(Contents<T> contents, T base, T ours, T theirs) {
    return merge(contents, Optional.of(base), ours, theirs);
  }

  /** Decoding the encoding gives the value back, and encoding it again gives the same bytes. */
  static <T> void roundTrips(Contents<T> contents, T value) {
    byte[] bytes = contents.encode(value);
    T decoded = contents.decode(bytes);
    assertThat(decoded).isEqualTo(value);
    assertThat(contents.encode(decoded)).isEqualTo(bytes);
  }

  /** Decoding either succeeds or throws {@link IllegalArgumentException} with a message. */
  static <T> void decodesOrRefuses(Contents<T> contents, byte[] bytes) {
    Throwable thrown = catchThrowable(() -> contents.decode(bytes));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
      assertThat(thrown.getMessage()).isNotBlank();
    }
  }

  /** A valid encoding with one byte changed, inserted or removed at {@code at}. */
  static byte[] mutate(byte[] bytes, int at, byte b, int kind) {
    if (bytes.length == 0) {
      return new byte[] {b};
    }
    int i = Math.floorMod(at, bytes.length);
    byte[] out;
    switch (Math.floorMod(kind, 3)) {
      case 0 -> {
        out = bytes.clone();
        out[i] = b;
      }
      case 1 -> {
        out = Arrays.copyOf(bytes, bytes.length + 1);
        System.arraycopy(bytes, i, out, i + 1, bytes.length - i);
        out[i] = b;
      }
      default -> {
        out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, i);
        System.arraycopy(bytes, i + 1, out, i, bytes.length - i - 1);
      }
    }
    return out;
  }

  static <T> void refuses(Contents<T> contents, String text) {
    assertThatThrownBy(() -> contents.decode(Text.utf8(text)))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
  }
}
