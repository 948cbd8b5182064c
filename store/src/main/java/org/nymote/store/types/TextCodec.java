package org.nymote.store.types;

import java.util.Objects;
import java.util.function.Function;
import org.nymote.store.Contents;

/**
 * A codec between values and text, for the parts inside the encodings of this package (a register's
 * value, a set's elements, a log's payloads), so that {@code git show} displays them. It must be
 * injective: distinct values format to distinct text. {@link #parse} throws
 * {@link IllegalArgumentException} on text that is no value, and {@code
 * parse(format(v)).equals(v)} for every value; neither takes nor returns {@code null}.
 * Implementations are immutable and thread-safe.
 */
public interface TextCodec<T> {
  String format(T value);

  T parse(String text);

  /** Strings as themselves. */
  static TextCodec<String> strings() {
    return of(s -> s, s -> s);
  }

  /** Longs in canonical decimal: no plus sign, no leading zeros. */
  static TextCodec<Long> longs() {
    return of(l -> Long.toString(l), s -> Text.parseLong(s, "the value"));
  }

  /** The UTF-8 encoding of a store contents type, read as text. */
  static <T> TextCodec<T> of(Contents<T> contents) {
    Objects.requireNonNull(contents);
    return of(v -> Text.decodeUtf8(contents.encode(v)), s -> contents.decode(Text.utf8(s)));
  }

  /** A codec from two functions; {@code parse} must throw {@link IllegalArgumentException}. */
  static <T> TextCodec<T> of(
      Function<? super T, String> format, Function<String, ? extends T> parse) {
    Objects.requireNonNull(format);
    Objects.requireNonNull(parse);
    return new TextCodec<>() {
      @Override
      public String format(T value) {
        return format.apply(value);
      }

      @Override
      public T parse(String text) {
        T value = parse.apply(text);
        if (value == null) {
          throw new IllegalArgumentException("no value in " + Text.quote(text));
        }
        return value;
      }
    };
  }
}
