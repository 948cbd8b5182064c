package org.nymote.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectId;

/** Damage done to a closed repository on purpose, as a failing disk or a careless hand would. */
final class Damage {
  private Damage() {}

  /** Flips bytes in the middle of the object's compressed data in its pack. */
  static void corruptInPack(java.nio.file.Path dir, ObjectId id) throws IOException {
    for (java.nio.file.Path idx : packFiles(dir, ".idx")) {
      long offset = PackIndex.open(idx.toFile()).findOffset(id);
      if (offset > 0) {
        java.nio.file.Path pack =
            idx.resolveSibling(idx.getFileName().toString().replace(".idx", ".pack"));
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
          for (long at = offset + 100; at < offset + 140; at++) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5a);
          }
        }
        return;
      }
    }
    throw new AssertionError("object " + id.name() + " is in no pack");
  }

  /** Turns every packed object into a loose one, as git stores what it receives in small pushes. */
  static void unpackAllObjects(java.nio.file.Path dir) throws Exception {
    for (java.nio.file.Path pack : packFiles(dir, ".pack")) {
      java.nio.file.Path moved = dir.resolve(pack.getFileName());
      Files.move(pack, moved);
      Files.delete(pack.resolveSibling(pack.getFileName().toString().replace(".pack", ".idx")));
      Process p = new ProcessBuilder("git", "unpack-objects", "-q")
          .directory(dir.toFile())
          .redirectInput(moved.toFile())
          .redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("git unpack-objects failed: " + out);
      }
      Files.delete(moved);
    }
  }

  private static List<java.nio.file.Path> packFiles(java.nio.file.Path dir, String suffix)
      throws IOException {
    try (Stream<java.nio.file.Path> s = Files.list(dir.resolve("objects/pack"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }
}
