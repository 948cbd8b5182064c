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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * <p>A client of HTTP sends its password with every request, and an Argon2id check on each would
 * cost more than the request: so a name and password that passed are remembered for {@link
 * #REMEMBER_NANOS}, as the SHA-256 of the user's stored hash and the password. The stored hash is
 * read afresh each time, so a changed password or a removed user ends what was remembered at once.
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

  static final long REMEMBER_NANOS = 60_000_000_000L;
  private static final int MAX_REMEMBERED = 1024;

  private final Path file;
  private final Semaphore checks = new Semaphore(Runtime.getRuntime().availableProcessors());
  /** Logins that passed: digest of stored hash and password, to when (nanoTime) they lapse. */
  private final Map<String, Long> passed = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

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
    String key = hash == null ? null : rememberKey(hash, password);
    if (key != null) {
      synchronized (passed) {
        Long until = passed.get(key);
        if (until != null && until - System.nanoTime() > 0) {
          return Optional.of(new UserName(name));
        }
      }
    }
    try {
      checks.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking a password");
    }
    try {
      boolean matches = (hash == null ? Decoy.HASH : hash).matches(password);
      if (!matches || hash == null) {
        return Optional.empty();
      }
      synchronized (passed) {
        passed.put(key, System.nanoTime() + REMEMBER_NANOS);
      }
      return Optional.of(new UserName(name));
    } finally {
      checks.release();
    }
  }

  /** What a login that passed is remembered by: neither the password nor its hash alone. */
  private static String rememberKey(PasswordHash hash, byte[] password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(hash.encode().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(password);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
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
