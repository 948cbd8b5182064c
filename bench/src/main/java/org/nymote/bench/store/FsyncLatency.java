package org.nymote.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The machine's floor for a durable commit: appending 4 KiB to a file and forcing its data to disk
 * ({@code fdatasync}), as the store's journal does once per group commit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class FsyncLatency {
  private Path dir;
  private FileChannel file;
  private final ByteBuffer block = ByteBuffer.allocate(4096);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = TempDirs.create("fsync-bench-");
    file = FileChannel.open(
        dir.resolve("journal"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    file.close();
    TempDirs.delete(dir);
  }

  @Benchmark
  public long appendAndForce() throws IOException {
    block.clear();
    while (block.hasRemaining()) {
      file.write(block);
    }
    file.force(false);
    return file.position();
  }
}
