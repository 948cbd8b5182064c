package org.nymote.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test, so that a disk really fills up (ENOSPC). Mounting needs root
 * or CAP_SYS_ADMIN: {@link #mount} is empty where it is not allowed (or with {@code
 * -Dnymote.test.noTmpfs=true}). Close unmounts it.
 */
final class Tmpfs implements AutoCloseable {
  private final java.nio.file.Path dir;

  private Tmpfs(java.nio.file.Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code size} (as mount's {@code size=} option) on a new directory. */
  static Optional<Tmpfs> mount(java.nio.file.Path dir, String size) throws IOException {
    Files.createDirectories(dir);
    if (Boolean.getBoolean("nymote.test.noTmpfs")) {
      return Optional.empty(); // to try the fallback where mounting works
    }
    Result r = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    if (r.exit != 0) {
      System.err.println("cannot mount a tmpfs on " + dir + ": " + r.out);
      return Optional.empty();
    }
    return Optional.of(new Tmpfs(dir));
  }

  java.nio.file.Path dir() {
    return dir;
  }

  /** Writes zeros to {@code name} until the disk is full, to the last page; returns the file. */
  java.nio.file.Path fill(String name) throws IOException {
    java.nio.file.Path f = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(f)) {
      for (int chunk : new int[] {64 * 1024, 4096, 1}) {
        byte[] zeros = new byte[chunk];
        try {
          while (true) {
            out.write(zeros);
            out.flush();
          }
        } catch (IOException full) {
          // on to smaller chunks
        }
      }
    } catch (IOException full) {
      // closing flushes nothing more
    }
    return f;
  }

  /** Unmounts; lazily if something still holds a file open, which is then reported. */
  @Override
  public void close() throws IOException {
    Result r = run("umount", dir.toString());
    if (r.exit != 0) {
      run("umount", "-l", dir.toString());
      throw new AssertionError("umount " + dir + " failed (a file left open?): " + r.out);
    }
  }

  private record Result(int exit, String out) {}

  private static Result run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Result(p.exitValue(), out);
  }
}
