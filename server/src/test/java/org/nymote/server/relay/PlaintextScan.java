package org.nymote.server.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Looks for a marker in bytes as they are and inside every zlib or gzip stream that starts
 * anywhere in them: Git compresses objects and packs with zlib, and HTTP bodies may be gzipped, so
 * a plain search alone could miss a marker that is there.
 */
final class PlaintextScan {
  private static final int MAX_INFLATED = 8 << 20;

  private PlaintextScan() {}

  /** Whether {@code bytes} hold {@code marker}, plainly or compressed. */
  static boolean contains(byte[] bytes, String marker) {
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    if (indexOf(bytes, needle) >= 0) {
      return true;
    }
    for (int i = 0; i + 2 < bytes.length; i++) {
      int b0 = bytes[i] & 0xff;
      int b1 = bytes[i + 1] & 0xff;
      boolean zlib = (b0 & 0x0f) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | b1) % 31 == 0;
      boolean gzip = b0 == 0x1f && b1 == 0x8b && (bytes[i + 2] & 0xff) == 8;
      if (zlib && indexOf(inflate(bytes, i, false), needle) >= 0) {
        return true;
      }
      if (gzip && i + 10 < bytes.length && indexOf(inflate(bytes, i + 10, true), needle) >= 0) {
        return true; // a gzip header without optional fields is 10 bytes
      }
    }
    return false;
  }

  /** The files under {@code dir} (recursively) that hold {@code marker}. */
  static List<Path> filesContaining(Path dir, String marker) {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (contains(Files.readAllBytes(f), marker)) {
          out.add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** What inflates from {@code offset} on, as far as it goes (empty if not a stream). */
  private static byte[] inflate(byte[] bytes, int offset, boolean raw) {
    var inflater = new Inflater(raw);
    inflater.setInput(bytes, offset, bytes.length - offset);
    var out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      while (!inflater.finished() && out.size() < MAX_INFLATED) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
    } catch (DataFormatException e) {
      // not (or no longer) a stream: what came out so far still counts
    } finally {
      inflater.end();
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
