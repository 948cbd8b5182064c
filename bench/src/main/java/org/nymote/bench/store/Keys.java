package org.nymote.bench.store;

import java.util.Arrays;
import org.nymote.store.Path;

/**
 * The data of every benchmark, the same for Nymote and its baseline: {@code count} keys named
 * {@code k/000000}, {@code k/000001}, ... with values of {@link #VALUE_BYTES} bytes that name their
 * key and a version, so that every write changes the value. Nymote keeps the keys in one directory
 * {@code k}, which it shards itself; plain JGit gets the same keys one level down, in 256
 * subdirectories {@code k/00}..{@code k/ff} by the key number modulo 256, so that a commit rewrites
 * a tree of about 400 names rather than one of 100,000. Immutable.
 */
final class Keys {
  /** The size of the store in the benchmarks. */
  static final int STORE = 100_000;

  /** The size of a value. */
  static final int VALUE_BYTES = 100;

  private final Path[] paths;
  private final String[] gitPaths;

  Keys(int count) {
    paths = new Path[count];
    gitPaths = new String[count];
    for (int i = 0; i < count; i++) {
      String name = String.format("%06d", i);
      paths[i] = Path.of("k", name);
      gitPaths[i] = String.format("k/%02x/%s", i & 0xff, name);
    }
  }

  int count() {
    return paths.length;
  }

  /** The key's path in Nymote: {@code k/000123}. */
  Path path(int key) {
    return paths[key];
  }

  /** The key's path in the baseline's sharded layout: {@code k/7b/000123}. */
  String gitPath(int key) {
    return gitPaths[key];
  }

  /**
   * The value of {@code key} at {@code version}: {@value #VALUE_BYTES} bytes, {@code "key 000123
   * version 17 ....\n"}. Made without {@code String.format}, which would cost more than a set.
   */
  static byte[] value(int key, long version) {
    byte[] out = new byte[VALUE_BYTES];
    Arrays.fill(out, (byte) '.');
    int at = put(out, 0, "key ");
    at = put(out, at, String.valueOf(1_000_000 + key).substring(1));
    at = put(out, at, " version ");
    put(out, at, Long.toString(version));
    out[VALUE_BYTES - 1] = '\n';
    return out;
  }

  private static int put(byte[] out, int at, String ascii) {
    int n = Math.min(ascii.length(), VALUE_BYTES - 1 - at);
    for (int i = 0; i < n; i++) {
      out[at + i] = (byte) ascii.charAt(i);
    }
    return at + n;
  }
}
