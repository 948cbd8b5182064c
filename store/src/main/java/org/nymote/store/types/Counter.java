package org.nymote.store.types;

import java.util.Optional;
import java.util.function.Supplier;
import org.nymote.store.Contents;
import org.nymote.store.Merge;
import org.nymote.store.Merged;
import org.nymote.store.Merges;

/**
 * A counter: a {@code long} that replicas change by increments and decrements, merged by adding up
 * what each side changed since the common ancestor, {@code ours + theirs - base} (base 0 when
 * absent), by {@link Merges#counter()}.
 *
 * <p>Laws: {@code merge(b, x, b) == x} and {@code merge(b, b, x) == x}; commutative; associative;
 * convergent when each merge is given the true common ancestor. <em>Not</em> idempotent, by design:
 * {@code merge(b, x, x)} counts the change {@code x - b} twice, because two replicas that made the
 * same change made it twice. So {@link #CONTENTS} answers {@code false} to {@link
 * Contents#idempotent()}, and the tree merge asks it even when both sides are equal. Arithmetic
 * wraps on overflow, which keeps the laws.
 *
 * <p>Encoding: the value in canonical decimal and a line feed, such as {@code 42\n}.
 */
public final class Counter {
  /** The counter's contents type, named {@code counter}; not idempotent. */
  public static final Contents<Long> CONTENTS = new CounterContents();

  private Counter() {}

  private static final class CounterContents implements Contents<Long> {
    private static final Merge<Long> MERGE = Merges.counter();

    @Override
    public String name() {
      return "counter";
    }

    @Override
    public byte[] encode(Long value) {
      return Text.utf8(value + "\n");
    }

    @Override
    public Long decode(byte[] bytes) {
      String text = Text.decodeUtf8(bytes);
      if (!text.endsWith("\n")) {
        throw new IllegalArgumentException("a counter must end in a line feed");
      }
      return Text.parseLong(text.substring(0, text.length() - 1), "the counter");
    }

    @Override
    public Merged<Long> merge(Supplier<Optional<Long>> base, Long ours, Long theirs) {
      return MERGE.merge(base, ours, theirs);
    }

    @Override
    public boolean idempotent() {
      return false;
    }
  }
}
