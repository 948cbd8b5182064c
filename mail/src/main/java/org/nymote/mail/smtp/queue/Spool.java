package org.nymote.mail.smtp.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nymote.mail.smtp.MailAddress;

/**
 * The outbound queue on disk: per message {@code ID.eml} (the bytes, written once) and {@code
 * ID.env} (the {@link QueuedMessage} envelope, replaced whole on each change). Each file is
 * written beside, fsynced, renamed into place and the folder fsynced, so {@link #add} returns only
 * once the message survives a crash. The envelope is written last: an {@code .eml} without one
 * was never acknowledged and is deleted by {@link #load}.
 *
 * <p>A spool folder, not the user's store: the queue belongs to this machine, and a store is
 * synced to the user's other replicas, each of which would then send the message again.
 * Thread-safe for different ids; one id is changed by one thread at a time.
 */
public final class Spool {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  public Spool(Path dir) throws IOException {
    this.dir = dir;
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }

  /** Queues a message; durable when it returns. */
  public QueuedMessage add(
      Optional<MailAddress> from, List<MailAddress> to, byte[] message, Instant now)
      throws IOException {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    var queued = new QueuedMessage(HexFormat.of().formatHex(id), from, to, now, 0, now, Map.of());
    writeDurably(dir.resolve(queued.id() + ".eml"), message);
    update(queued);
    return queued;
  }

  /** Replaces the envelope; durable when it returns. */
  public void update(QueuedMessage queued) throws IOException {
    writeDurably(dir.resolve(queued.id() + ".env"), Envelope.encode(queued));
  }

  /** The message bytes. */
  public byte[] message(String id) throws IOException {
    return Files.readAllBytes(dir.resolve(id + ".eml"));
  }

  /** Takes the message out of the queue (envelope first, so a crash leaves only an orphan). */
  public void remove(String id) throws IOException {
    Files.deleteIfExists(dir.resolve(id + ".env"));
    Files.deleteIfExists(dir.resolve(id + ".eml"));
    syncDir();
  }

  /** Every queued message, after deleting leftovers of writes a crash interrupted. */
  public List<QueuedMessage> load() throws IOException {
    List<QueuedMessage> queued = new ArrayList<>();
    Map<String, Boolean> messages = new LinkedHashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.delete(file);
        } else if (name.endsWith(".eml")) {
          messages.putIfAbsent(name.substring(0, name.length() - 4), false);
        } else if (name.endsWith(".env")) {
          messages.put(name.substring(0, name.length() - 4), true);
        }
      }
    }
    for (var entry : messages.entrySet()) {
      String id = entry.getKey();
      if (!ID.matcher(id).matches()) {
        continue;
      }
      Path eml = dir.resolve(id + ".eml");
      if (!entry.getValue() || !Files.exists(eml)) {
        Files.deleteIfExists(eml);
        Files.deleteIfExists(dir.resolve(id + ".env"));
        continue;
      }
      queued.add(Envelope.decode(id, Files.readString(dir.resolve(id + ".env"))));
    }
    return queued;
  }

  private void writeDurably(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(
        tmp,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      var buffer = java.nio.ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the spool " + dir + " needs a file system with atomic renames", e);
    }
    syncDir();
  }

  private void syncDir() throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** The envelope file: one {@code key value} per line, UTF-8. */
  static final class Envelope {
    private Envelope() {}

    static byte[] encode(QueuedMessage q) {
      var text = new StringBuilder("nymote-queue 1\n");
      text.append("from ")
          .append(q.from().map(MailAddress::toString).orElse(""))
          .append('\n');
      text.append("created ").append(q.created()).append('\n');
      text.append("attempts ").append(q.attempts()).append('\n');
      text.append("next ").append(q.next()).append('\n');
      for (MailAddress to : q.to()) {
        text.append("to ").append(to).append('\n');
      }
      for (var error : q.lastErrors().entrySet()) {
        text.append("error ")
            .append(error.getKey())
            .append(' ')
            .append(error.getValue().replaceAll("[\r\n]+", " "))
            .append('\n');
      }
      return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static QueuedMessage decode(String id, String text) throws IOException {
      Optional<MailAddress> from = Optional.empty();
      Instant created = null;
      Instant next = null;
      int attempts = 0;
      List<MailAddress> to = new ArrayList<>();
      Map<String, String> errors = new LinkedHashMap<>();
      String[] lines = text.split("\n");
      if (lines.length == 0 || !lines[0].equals("nymote-queue 1")) {
        throw new IOException("queue envelope " + id + " is not in a known format");
      }
      try {
        for (int i = 1; i < lines.length; i++) {
          String line = lines[i];
          int space = line.indexOf(' ');
          String key = space < 0 ? line : line.substring(0, space);
          String value = space < 0 ? "" : line.substring(space + 1);
          switch (key) {
            case "from" -> from = value.isEmpty() ? Optional.empty() : Optional.of(address(value));
            case "created" -> created = Instant.parse(value);
            case "attempts" -> attempts = Integer.parseInt(value);
            case "next" -> next = Instant.parse(value);
            case "to" -> to.add(address(value));
            case "error" -> {
              int sep = value.indexOf(' ');
              errors.put(value.substring(0, sep), value.substring(sep + 1));
            }
            default -> throw new IOException("unknown line: " + line);
          }
        }
      } catch (RuntimeException e) {
        throw new IOException("queue envelope " + id + " is damaged: " + e.getMessage(), e);
      }
      if (created == null || next == null) {
        throw new IOException("queue envelope " + id + " lacks its dates");
      }
      return new QueuedMessage(id, from, to, created, attempts, next, errors);
    }

    private static MailAddress address(String text) {
      return MailAddress.parse(text)
          .orElseThrow(() -> new IllegalArgumentException("bad address " + text));
    }
  }
}
