package org.nymote.store.types;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.nymote.store.Contents;
import org.nymote.store.Merge;
import org.nymote.store.Merges;

/**
 * An observed-remove set (Shapiro et al., "A comprehensive study of Convergent and Commutative
 * Replicated Data Types", 2011). Each add tags the element with a fresh stamp of the adding node's
 * {@link HybridClock}; a remove drops the tags it has seen. An element is in the set while some tag
 * of it remains. Merged three-way as a set of (element, tag) pairs by {@link Merges#setUnion()}:
 * pairs on both sides stay, pairs added on either side since the base stay, a pair removed on
 * either side is gone. So an add concurrent with a remove of the same element wins: the remove
 * could not have seen the new tag. An add also drops the element's older tags, so an element that
 * is added again and again keeps one tag per concurrent add, not one per add.
 *
 * <p>Laws: {@code merge(b, x, b) == x}, {@code merge(b, b, x) == x}, commutative, idempotent, and
 * convergent when each merge is given the true common ancestor (a stale ancestor could bring back
 * a pair that one side removed after it).
 *
 * <p>Encoding: one line per pair, {@code tag element}, the element's text escaped onto one line,
 * sorted by element text then tag: equal sets are equal bytes. Decoding accepts any order.
 *
 * @param pairs the tagged elements; copied, unmodifiable
 */
public record OrSet<E>(Set<Tagged<E>> pairs) {
  /** An element as added once, with the stamp of that add. */
  public record Tagged<E>(E element, Hlc tag) {
    public Tagged {
      Objects.requireNonNull(element, "element");
      Objects.requireNonNull(tag, "tag");
    }
  }

  public OrSet {
    pairs = Set.copyOf(pairs);
  }

  public static <E> OrSet<E> empty() {
    return new OrSet<>(Set.of());
  }

  /** This set with {@code element} added under a fresh tag from {@code clock}. */
  public OrSet<E> add(E element, HybridClock clock) {
    Set<Tagged<E>> next = without(element);
    next.add(new Tagged<>(element, clock.now()));
    return new OrSet<>(next);
  }

  /** This set with {@code element} removed: every tag of it seen here is dropped. */
  public OrSet<E> remove(E element) {
    return new OrSet<>(without(element));
  }

  public boolean contains(E element) {
    return pairs.stream().anyMatch(p -> p.element().equals(element));
  }

  /** The elements in the set, unmodifiable. */
  public Set<E> elements() {
    return pairs.stream().map(Tagged::element).collect(Collectors.toUnmodifiableSet());
  }

  private Set<Tagged<E>> without(E element) {
    Objects.requireNonNull(element, "element");
    Set<Tagged<E>> rest = new LinkedHashSet<>(pairs);
    rest.removeIf(p -> p.element().equals(element));
    return rest;
  }

  /** The contents type of sets of elements written by {@code codec}, named {@code or-set}. */
  public static <E> Contents<OrSet<E>> contents(TextCodec<E> codec) {
    Objects.requireNonNull(codec);
    Merge<Set<Tagged<E>>> pairs = Merges.setUnion();
    return Contents.of(
        "or-set",
        set -> encode(set, codec),
        bytes -> decode(bytes, codec),
        (base, ours, theirs) -> Merges.mapOk(
            pairs.merge(() -> base.get().map(OrSet::pairs), ours.pairs(), theirs.pairs()),
            OrSet::new));
  }

  private static <E> byte[] encode(OrSet<E> set, TextCodec<E> codec) {
    record Line(String element, Hlc tag) {}
    List<Line> lines = set.pairs().stream()
        .map(p -> new Line(Text.escape(codec.format(p.element())), p.tag()))
        .sorted(Comparator.comparing(Line::element).thenComparing(Line::tag))
        .toList();
    StringBuilder out = new StringBuilder();
    for (Line line : lines) {
      out.append(line.tag()).append(' ').append(line.element()).append('\n');
    }
    return Text.utf8(out.toString());
  }

  private static <E> OrSet<E> decode(byte[] bytes, TextCodec<E> codec) {
    Set<Tagged<E>> pairs = new LinkedHashSet<>();
    for (String line : Text.lines(Text.decodeUtf8(bytes))) {
      int space = line.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException("not a line 'tag element': " + Text.quote(line));
      }
      Hlc tag = Hlc.parse(line.substring(0, space));
      pairs.add(new Tagged<>(codec.parse(Text.unescape(line.substring(space + 1))), tag));
    }
    return new OrSet<>(pairs);
  }
}
