package org.nymote.store;

/** The outcome of a three-way merge of one value: merged, or a conflict with its reason. */
public sealed interface Merged<T> {
  /** The sides merged into {@code value}. */
  record Ok<T>(T value) implements Merged<T> {}

  /** The sides could not be merged; {@code reason} says why, for a person. */
  record Conflict<T>(String reason) implements Merged<T> {}

  static <T> Merged<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Merged<T> conflict(String reason) {
    return new Conflict<>(reason);
  }
}
