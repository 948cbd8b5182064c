package org.nymote.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which {@link Contents} governs which paths. Rules are path patterns whose segments are literal
 * names, names with {@code *} wildcards ({@code *.json}), {@code *} (any one segment) or {@code
 * **} (any number of segments, including none); the
 * first matching rule wins, and paths that match none are opaque bytes ({@link #BYTES}), which merge
 * only when one side kept the base or both sides agree. Immutable and thread-safe.
 */
public final class Schema {
  /** Opaque bytes: a change on both sides that differs is a conflict. */
  public static final Contents<byte[]> BYTES = Contents.of(
      "bytes",
      b -> b,
      b -> b,
      (base, ours, theirs) -> Arrays.equals(ours, theirs)
          ? Merged.ok(ours)
          : Merged.conflict("both sides changed the value differently"));

  /** A schema with no rules: every path holds opaque bytes. */
  public static final Schema EMPTY = new Schema(List.of());

  private final List<Rule> rules;

  private record Rule(String[] pattern, Contents<?> contents) {}

  private final boolean allIdempotent;

  private Schema(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.allIdempotent = rules.stream().allMatch(r -> r.contents.idempotent());
  }

  /**
   * Whether every contents of this schema is idempotent, so that equal subtrees on both sides of a
   * merge need no look inside.
   */
  public boolean allIdempotent() {
    return allIdempotent;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The contents for a path: the first rule that matches, or {@link #BYTES}. */
  public Contents<?> contentsFor(Path path) {
    for (Rule r : rules) {
      if (matches(r.pattern, 0, path, 0)) {
        return r.contents;
      }
    }
    return BYTES;
  }

  /** Merges the encoded values at {@code path} by the contents that governs it. */
  public Merged<byte[]> merge(
      Path path, Supplier<Optional<byte[]>> base, byte[] ours, byte[] theirs) {
    return contentsFor(path).mergeBytes(base, ours, theirs);
  }

  private static boolean matches(String[] pat, int pi, Path path, int si) {
    if (pi == pat.length) {
      return si == path.depth();
    }
    if (pat[pi].equals("**")) {
      for (int k = si; k <= path.depth(); k++) {
        if (matches(pat, pi + 1, path, k)) {
          return true;
        }
      }
      return false;
    }
    if (si == path.depth()) {
      return false;
    }
    return segmentMatches(pat[pi], path.segment(si)) && matches(pat, pi + 1, path, si + 1);
  }

  /** A segment pattern: {@code *} for any name, or a name with {@code *} wildcards in it. */
  private static boolean segmentMatches(String pattern, String name) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.indexOf('*') < 0) {
      return pattern.equals(name);
    }
    String[] parts = pattern.split("\\*", -1);
    if (!name.startsWith(parts[0]) || !name.endsWith(parts[parts.length - 1])) {
      return false;
    }
    int at = parts[0].length();
    int end = name.length() - parts[parts.length - 1].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int k = name.indexOf(parts[i], at);
      if (k < 0 || k + parts[i].length() > end) {
        return false;
      }
      at = k + parts[i].length();
    }
    return at <= end;
  }

  /** Collects rules in order; the first added wins. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();

    public Builder rule(String pattern, Contents<?> contents) {
      String[] parts = pattern.split("/");
      for (String p : parts) {
        if (!p.equals("**")) {
          Path.checkSegment(p.replace('*', 'x'));
        }
      }
      rules.add(new Rule(parts, contents));
      return this;
    }

    public Schema build() {
      return new Schema(rules);
    }
  }
}
