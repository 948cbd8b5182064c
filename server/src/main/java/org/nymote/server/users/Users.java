package org.nymote.server.users;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.nymote.server.files.PrivateFiles;

/**
 * The users of a home and their password hashes, kept in one private text file (mode 0600), one
 * {@code name:argon2id-PHC-string} line per user.
 *
 * <p>Every call reads the file afresh, so a running server sees users added by another process.
 * Additions lock a file beside it (and, within a process, take turns), so concurrent additions
 * never lose a user.
 * Thread-safe. At most as many password checks as there are processors run at once, since each
 * takes 19 MiB of memory.
 */
public final class Users implements Authenticator {
  private static final String HEADER =
      "# Nymote users: name:Argon2id hash. Edit with `nymote user`.\n";

  /** What {@link #add} did. */
  public enum AddResult {
    ADDED,
    NAME_TAKEN
  }

  private static final ReentrantLock ADDING = new ReentrantLock();

  private final Path file;
  private final Semaphore checks = new Semaphore(Runtime.getRuntime().availableProcessors());

  public Users(Path file) {
    this.file = file;
  }

  /** Whether the password file exists (a home that has had a user). */
  public boolean exists() {
    return Files.exists(file);
  }

  /** The users' names, in the order they were added. */
  public List<UserName> list() throws IOException {
    return List.copyOf(read().keySet());
  }

  /** Adds a user unless the name is taken. */
  public AddResult add(UserName name, byte[] password) throws IOException {
    PasswordHash hash = PasswordHash.of(password);
    PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    // A file lock keeps other processes out; within this one, the JVM refuses a second lock on
    // the same file (OverlappingFileLockException), so threads take turns first.
    ADDING.lock();
    try (FileChannel channel =
        FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock held = channel.lock();
      try {
        Map<UserName, PasswordHash> users = read();
        if (users.putIfAbsent(name, hash) != null) {
          return AddResult.NAME_TAKEN;
        }
        write(users);
        return AddResult.ADDED;
      } finally {
        held.release();
      }
    } finally {
      ADDING.unlock();
    }
  }

  @Override
  public Optional<UserName> authenticate(String name, byte[] password) throws IOException {
    PasswordHash hash = UserName.isValid(name) ? read().get(new UserName(name)) : null;
    try {
      checks.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking a password");
    }
    try {
      boolean matches = (hash == null ? Decoy.HASH : hash).matches(password);
      return matches && hash != null ? Optional.of(new UserName(name)) : Optional.empty();
    } finally {
      checks.release();
    }
  }

  private Map<UserName, PasswordHash> read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new LinkedHashMap<>();
    }
    Map<UserName, PasswordHash> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      try {
        if (colon < 0) {
          throw new IllegalArgumentException("no ':' between name and hash");
        }
        users.put(
            new UserName(line.substring(0, colon)), PasswordHash.parse(line.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (i + 1) + " is malformed (" + e.getMessage()
            + "); fix or remove that line, then add the user again with `nymote user add`");
      }
    }
    return users;
  }

  private void write(Map<UserName, PasswordHash> users) throws IOException {
    List<String> lines = new ArrayList<>();
    users.forEach((name, hash) -> lines.add(name + ":" + hash.encode() + "\n"));
    PrivateFiles.write(file, (HEADER + String.join("", lines)).getBytes(StandardCharsets.UTF_8));
  }

  /** Checked when the name is unknown, so that a miss costs as much as a wrong password. */
  private static final class Decoy {
    static final PasswordHash HASH =
        PasswordHash.of(RandomPassword.generate().getBytes(StandardCharsets.UTF_8));
  }
}
