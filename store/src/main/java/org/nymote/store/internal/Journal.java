package org.nymote.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of the write-ahead journal: an append-only file of batches, each the objects and
 * head moves of one group commit, framed by its length and a CRC-32C so that a batch torn by a
 * crash is recognised and cut off on reading. A batch is durable once {@link #append} returns.
 * Not thread-safe: the backend appends from one thread at a time.
 */
final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  private static final byte[] MAGIC = "NYJ1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_BATCH = 1 << 30;

  /** What a segment held: its batches in order. */
  record Batch(List<RawObject> objects, Map<String, ObjectId> heads) {}

  private final java.nio.file.Path file;
  private final FileChannel channel;
  private long size;
  private boolean broken;

  private Journal(java.nio.file.Path file, FileChannel channel, long size) {
    this.file = file;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Creates a new, empty segment, durable (with its directory entry) on return. On failure (a
   * full disk) it closes and deletes what it created.
   */
  static Journal create(java.nio.file.Path file) throws IOException {
    FileChannel ch = FileChannel.open(
        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    try {
      ch.write(ByteBuffer.wrap(MAGIC));
      ch.force(true);
      Fsync.directory(file.getParent());
    } catch (IOException e) {
      try {
        ch.close();
        Files.deleteIfExists(file);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    return new Journal(file, ch, MAGIC.length);
  }

  java.nio.file.Path file() {
    return file;
  }

  /** Whether nothing was appended since the segment was created. */
  boolean isEmpty() {
    return size == MAGIC.length;
  }

  /** Appends one batch and forces it to disk. On failure the segment is cut back to before it. */
  void append(List<RawObject> objects, Map<String, ObjectId> heads) throws IOException {
    if (broken) {
      throw new IOException("journal " + file + " could not be repaired after an earlier failure");
    }
    ByteBuffer body = encode(objects, heads);
    ByteBuffer frame = ByteBuffer.allocate(8);
    CRC32C crc = new CRC32C();
    crc.update(body.duplicate());
    frame.putInt(body.remaining()).putInt((int) crc.getValue()).flip();
    long start = size;
    try {
      channel.position(start);
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
      while (body.hasRemaining()) {
        channel.write(body);
      }
      channel.force(false);
      size = channel.position();
    } catch (IOException e) {
      try {
        channel.truncate(start);
        channel.force(false);
      } catch (IOException again) {
        broken = true;
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  private static ByteBuffer encode(List<RawObject> objects, Map<String, ObjectId> heads) {
    long total = 8;
    for (RawObject o : objects) {
      total += 1 + 20 + 4 + o.data().length;
    }
    List<byte[]> names = new ArrayList<>();
    for (String name : heads.keySet()) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      names.add(n);
      total += 2 + n.length + 1 + 20;
    }
    if (total > MAX_BATCH) {
      throw new IllegalArgumentException("a single commit of " + total + " bytes is too large");
    }
    ByteBuffer b = ByteBuffer.allocate((int) total);
    b.putInt(objects.size());
    byte[] raw = new byte[20];
    for (RawObject o : objects) {
      b.put((byte) o.type());
      o.id().copyRawTo(raw, 0);
      b.put(raw).putInt(o.data().length).put(o.data());
    }
    b.putInt(heads.size());
    int i = 0;
    for (ObjectId id : heads.values()) {
      byte[] n = names.get(i++);
      b.putShort((short) n.length).put(n);
      if (id == null) {
        b.put((byte) 0).put(new byte[20]);
      } else {
        id.copyRawTo(raw, 0);
        b.put((byte) 1).put(raw);
      }
    }
    return b.flip();
  }

  /**
   * Reads every intact batch of a segment. A torn or corrupt tail (a crash in mid-append) is cut
   * off the file, with a warning, so that later appends follow the last good batch.
   */
  static List<Batch> read(java.nio.file.Path file) throws IOException {
    List<Batch> out = new ArrayList<>();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long len = ch.size();
      ByteBuffer all = ByteBuffer.allocate((int) Math.min(len, Integer.MAX_VALUE - 8));
      while (all.hasRemaining() && ch.read(all) >= 0) {
        // read fully
      }
      all.flip();
      if (len < MAGIC.length) {
        log.warn("journal {}: its creation was cut short, so it holds nothing", file);
        return out;
      }
      if (!startsWithMagic(all)) {
        throw new IOException("journal " + file + " does not start with its magic number");
      }
      all.position(MAGIC.length);
      long good = MAGIC.length;
      while (all.remaining() >= 8) {
        int n = all.getInt();
        int crc = all.getInt();
        if (n < 0 || n > all.remaining()) {
          break;
        }
        ByteBuffer body = all.slice(all.position(), n);
        CRC32C c = new CRC32C();
        c.update(body.duplicate());
        if ((int) c.getValue() != crc) {
          break;
        }
        out.add(decode(body));
        all.position(all.position() + n);
        good = all.position();
      }
      if (good < len) {
        log.warn("journal {}: cutting off a torn tail of {} bytes", file, len - good);
        ch.truncate(good);
        ch.force(true);
      }
    }
    return out;
  }

  private static boolean startsWithMagic(ByteBuffer b) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (b.get(i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static Batch decode(ByteBuffer b) {
    int count = b.getInt();
    List<RawObject> objects = new ArrayList<>(count);
    byte[] raw = new byte[20];
    for (int i = 0; i < count; i++) {
      int type = b.get();
      b.get(raw);
      byte[] data = new byte[b.getInt()];
      b.get(data);
      objects.add(new RawObject(type, ObjectId.fromRaw(raw), data));
    }
    int heads = b.getInt();
    Map<String, ObjectId> moves = new LinkedHashMap<>();
    for (int i = 0; i < heads; i++) {
      byte[] n = new byte[b.getShort()];
      b.get(n);
      boolean present = b.get() != 0;
      b.get(raw);
      moves.put(new String(n, StandardCharsets.UTF_8), present ? ObjectId.fromRaw(raw) : null);
    }
    return new Batch(objects, moves);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  static boolean exists(java.nio.file.Path file) {
    return Files.exists(file);
  }
}
