package org.nymote.store.types;

import org.nymote.store.Contents;
import org.nymote.store.Merges;

/**
 * A counter: a {@code long} that replicas change by increments and decrements, merged by adding up
 * what each side changed since the common ancestor, {@code ours + theirs - base} (base 0 when
 * absent), by {@link Merges#counter()}.
 *
 * <p>Laws: {@code merge(b, x, b) == x} and {@code merge(b, b, x) == x}; commutative; associative;
 * convergent when each merge is given the true common ancestor. <em>Not</em> idempotent, by design:
 * {@code merge(b, x, x)} counts the change {@code x - b} twice, because two replicas that made the
 * same change made it twice. Arithmetic wraps on overflow, which keeps the laws.
 *
 * <p>Caveat: the store's tree merge takes equal sides as merged without calling the contents merge
 * (docs/store.md), so there, two replicas that made the same net change from the same base count
 * it once. A counter is exact in the store only when concurrent changes leave the sides unequal.
 *
 * <p>Encoding: the value in canonical decimal and a line feed, such as {@code 42\n}.
 */
public final class Counter {
  /** The counter's contents type, named {@code counter}. */
  public static final Contents<Long> CONTENTS =
      Contents.of("counter", Counter::encode, Counter::decode, Merges.counter());

  private Counter() {}

  private static byte[] encode(Long value) {
    return Text.utf8(value + "\n");
  }

  private static Long decode(byte[] bytes) {
    String text = Text.decodeUtf8(bytes);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("a counter must end in a line feed");
    }
    return Text.parseLong(text.substring(0, text.length() - 1), "the counter");
  }
}
