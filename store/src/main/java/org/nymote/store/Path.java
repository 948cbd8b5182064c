package org.nymote.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated path in a store tree: a list of segments, none empty, none {@code .} or {@code ..},
 * none containing {@code /} or NUL, none reserved for the on-disk layout ({@code ~x} with one
 * lower-case hex digit names a shard). Immutable and thread-safe.
 */
public record Path(List<String> segments) implements Comparable<Path> {

  /** The longest segment accepted, in UTF-8 bytes, as most file systems allow. */
  public static final int MAX_SEGMENT_BYTES = 255;

  /** The deepest path accepted. */
  public static final int MAX_DEPTH = 64;

  private static final Pattern SHARD_NAME = Pattern.compile("~[0-9a-f]");

  /** The empty path: the root of a tree. */
  public static final Path ROOT = new Path(List.of());

  public Path {
    segments = List.copyOf(segments);
    if (segments.size() > MAX_DEPTH) {
      throw new InvalidPathException(String.join("/", segments), "deeper than " + MAX_DEPTH);
    }
    for (String s : segments) {
      checkSegment(s);
    }
  }

  /** Parses {@code a/b/c}; leading and trailing slashes are ignored, empty segments refused. */
  public static Path parse(String text) {
    if (text == null) {
      throw new InvalidPathException("null", "a path is required");
    }
    String t = text;
    if (t.startsWith("/")) {
      t = t.substring(1);
    }
    if (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty()) {
      return ROOT;
    }
    return new Path(Arrays.asList(t.split("/", -1)));
  }

  /** A path of the given segments. */
  public static Path of(String... segments) {
    return new Path(Arrays.asList(segments));
  }

  /** Checks one segment, throwing {@link InvalidPathException} with the reason. */
  public static void checkSegment(String s) {
    if (s == null || s.isEmpty()) {
      throw new InvalidPathException(String.valueOf(s), "empty segment");
    }
    if (s.equals(".") || s.equals("..")) {
      throw new InvalidPathException(s, "'.' and '..' are not allowed");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '\0') {
        throw new InvalidPathException(s, "segment contains '/' or NUL");
      }
      if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(++i)))) {
        throw new InvalidPathException(s, "segment is not valid Unicode");
      }
    }
    if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw new InvalidPathException(s, "segment longer than " + MAX_SEGMENT_BYTES + " bytes");
    }
    if (SHARD_NAME.matcher(s).matches()) {
      throw new InvalidPathException(
          s, "names of the form ~x (one hex digit) are reserved for shards");
    }
  }

  /** This path with one more segment. */
  public Path child(String segment) {
    List<String> l = new ArrayList<>(segments.size() + 1);
    l.addAll(segments);
    l.add(segment);
    return new Path(l);
  }

  /** This path followed by another. */
  public Path resolve(Path rest) {
    List<String> l = new ArrayList<>(segments);
    l.addAll(rest.segments);
    return new Path(l);
  }

  /** The parent; the root's parent is the root. */
  public Path parent() {
    return segments.isEmpty() ? this : new Path(segments.subList(0, segments.size() - 1));
  }

  /** The last segment; the root's name is empty. */
  public String name() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  public int depth() {
    return segments.size();
  }

  public String segment(int i) {
    return segments.get(i);
  }

  /** Whether {@code other} equals this path or lies below it. */
  public boolean isPrefixOf(Path other) {
    return other.segments.size() >= segments.size()
        && other.segments.subList(0, segments.size()).equals(segments);
  }

  @Override
  public int compareTo(Path o) {
    int n = Math.min(segments.size(), o.segments.size());
    for (int i = 0; i < n; i++) {
      int c = segments.get(i).compareTo(o.segments.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(segments.size(), o.segments.size());
  }

  @Override
  public String toString() {
    return String.join("/", segments);
  }
}
