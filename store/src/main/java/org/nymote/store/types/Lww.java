package org.nymote.store.types;

import java.util.Comparator;
import java.util.Objects;
import org.nymote.store.Contents;
import org.nymote.store.Merges;

/**
 * A last-writer-wins register: a value and the hybrid logical clock stamp of the write that set
 * it. The merge keeps the side with the greater stamp ({@link Merges#lastWriterWins}); stamps are
 * totally ordered, ties between nodes broken by node id, so the merge never reads the base.
 *
 * <p>Laws: commutative, idempotent and associative whatever the base, hence convergent; and
 * {@code merge(b, x, b) == x} whenever {@code x} was written after {@code b}, as {@link #set}
 * ensures. Two different values under one stamp (only a clock shared between two node ids, or a
 * forged stamp, can make them) are a conflict. A concurrent write is lost by design: that is what
 * last-writer-wins means.
 *
 * <p>Encoding: the stamp on the first line, then the value's text and a line feed, such as {@code
 * 1767225600000.0@laptop\nhello\n}.
 *
 * @param value the value, not null
 * @param stamp when and where it was written
 */
public record Lww<T>(T value, Hlc stamp) {
  public Lww {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(stamp, "stamp");
  }

  /** A register holding {@code value}, written now by {@code clock}. */
  public static <T> Lww<T> of(T value, HybridClock clock) {
    return new Lww<>(value, clock.now());
  }

  /**
   * This register overwritten with {@code newValue}, stamped after this register's stamp (the
   * clock observes it first), so that the write wins over the value it replaces.
   */
  public Lww<T> set(T newValue, HybridClock clock) {
    return new Lww<>(newValue, clock.observe(stamp));
  }

  /** The contents type of registers of values written by {@code codec}, named {@code lww}. */
  public static <T> Contents<Lww<T>> contents(TextCodec<T> codec) {
    Objects.requireNonNull(codec);
    return Contents.of(
        "lww",
        lww -> Text.utf8(lww.stamp() + "\n" + codec.format(lww.value()) + "\n"),
        bytes -> decode(bytes, codec),
        Merges.lastWriterWins(Comparator.comparing(Lww<T>::stamp)));
  }

  private static <T> Lww<T> decode(byte[] bytes, TextCodec<T> codec) {
    String text = Text.decodeUtf8(bytes);
    int newline = text.indexOf('\n');
    if (newline < 0 || !text.endsWith("\n") || newline == text.length() - 1) {
      throw new IllegalArgumentException(
          "a register is a stamp line, then a value and a line feed");
    }
    Hlc stamp = Hlc.parse(text.substring(0, newline));
    return new Lww<>(codec.parse(text.substring(newline + 1, text.length() - 1)), stamp);
  }
}
