package org.nymote.store.types;

import java.util.Comparator;
import java.util.Objects;

/**
 * A hybrid logical clock timestamp (Kulkarni et al., "Logical Physical Clocks", 2014): the greatest
 * physical time seen in milliseconds since the epoch, a logical counter that orders events within
 * one millisecond, and the id of the node that issued it. Stamps are totally ordered by physical
 * time, then logical counter, then node id, so two nodes never issue equal stamps and every tie has
 * one winner. The text form is {@code physical.logical@node}, for example
 * {@code 1767225600000.3@laptop}.
 *
 * @param physical milliseconds since the epoch, not negative
 * @param logical counter within the millisecond, not negative
 * @param node the issuing node: 1 to 200 characters, no whitespace or controls
 */
public record Hlc(long physical, long logical, String node) implements Comparable<Hlc> {
  private static final Comparator<Hlc> ORDER = Comparator.comparingLong(Hlc::physical)
      .thenComparingLong(Hlc::logical)
      .thenComparing(Hlc::node);

  public Hlc {
    if (physical < 0 || logical < 0) {
      throw new IllegalArgumentException("negative clock: " + physical + "." + logical);
    }
    Text.requireToken(Objects.requireNonNull(node, "node"), "a node id");
  }

  /** Parses the text form; throws {@link IllegalArgumentException} if it is not canonical. */
  public static Hlc parse(String text) {
    int at = text.indexOf('@');
    int dot = text.indexOf('.');
    if (at < 0 || dot < 0 || dot > at) {
      throw new IllegalArgumentException("not a stamp physical.logical@node: " + Text.quote(text));
    }
    return new Hlc(
        Text.parseLong(text.substring(0, dot), "the physical time"),
        Text.parseLong(text.substring(dot + 1, at), "the logical counter"),
        text.substring(at + 1));
  }

  @Override
  public int compareTo(Hlc other) {
    return ORDER.compare(this, other);
  }

  /** The text form, {@code physical.logical@node}. */
  @Override
  public String toString() {
    return physical + "." + logical + "@" + node;
  }
}
