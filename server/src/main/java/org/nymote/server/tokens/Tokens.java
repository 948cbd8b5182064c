package org.nymote.server.tokens;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.nymote.server.files.PrivateFiles;
import org.nymote.server.users.UserName;

/**
 * The API tokens of a home, in one private text file (mode 0600), one {@code user label sha256
 * created} line per token. The tokens themselves are shown once, when made, and never stored.
 *
 * <p>{@link #authenticate} re-reads the file whenever it changed (another file, time or size), so
 * a running server sees tokens made or revoked by {@code nymote token} at once. Changes lock a
 * file beside it (and, within a process, take turns), so concurrent changes never lose a token.
 * Thread-safe.
 */
public final class Tokens {
  private static final String HEADER =
      "# Nymote API tokens: user label SHA-256 created. Edit with `nymote token`.\n";
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final ReentrantLock CHANGING = new ReentrantLock();

  /** A token as listed: whose it is, its label and when it was made; never the secret. */
  public record TokenInfo(UserName user, String label, Instant created) {}

  private record Entry(TokenInfo info, String hash) {}

  /** The file as last read: its identity, time and size, and what it held. */
  private record Snapshot(Object key, long modified, long size, Map<String, Entry> byHash) {}

  private final Path file;
  private volatile Snapshot snapshot = new Snapshot(null, -1, -1, Map.of());

  public Tokens(Path file) {
    this.file = file;
  }

  /** Whether {@code label} is a valid label: 1 to 64 letters, digits, '_', '.' or '-'. */
  public static boolean isValidLabel(String label) {
    return label != null && LABEL.matcher(label).matches();
  }

  /** The user whose token this is, if it is a token of this home. */
  public Optional<UserName> authenticate(String token) throws IOException {
    Entry entry = current().byHash().get(ApiToken.hash(token));
    return entry == null ? Optional.empty() : Optional.of(entry.info().user());
  }

  /** The user's tokens, oldest first. */
  public List<TokenInfo> list(UserName user) throws IOException {
    return read().stream()
        .map(Entry::info)
        .filter(info -> info.user().equals(user))
        .toList();
  }

  /**
   * Makes a token for {@code user} labelled {@code label} (empty: {@code token-N}, the first N
   * free) and returns the secret, which is not kept. Throws {@link IllegalArgumentException} if
   * the label is invalid or the user already has a token so labelled.
   */
  public String create(UserName user, Optional<String> label) throws IOException {
    label.ifPresent(l -> {
      if (!isValidLabel(l)) {
        throw new IllegalArgumentException("invalid label '" + l + "': use 1 to 64 letters,"
            + " digits, '_', '.' or '-', starting with a letter or digit");
      }
    });
    String token = ApiToken.generate();
    change(entries -> {
      String chosen = label.orElseGet(() -> freeLabel(entries, user));
      if (entries.stream().anyMatch(e -> isOf(e, user, chosen))) {
        throw new IllegalArgumentException(
            user + " already has a token labelled '" + chosen + "'; choose another label");
      }
      var created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      entries.add(new Entry(new TokenInfo(user, chosen, created), ApiToken.hash(token)));
      return true;
    });
    return token;
  }

  /** Revokes the user's token with this label; returns whether there was one. */
  public boolean revoke(UserName user, String label) throws IOException {
    return change(entries -> entries.removeIf(e -> isOf(e, user, label)));
  }

  private static boolean isOf(Entry e, UserName user, String label) {
    return e.info().user().equals(user) && e.info().label().equals(label);
  }

  private static String freeLabel(List<Entry> entries, UserName user) {
    for (int n = 1; ; n++) {
      String label = "token-" + n;
      if (entries.stream().noneMatch(e -> isOf(e, user, label))) {
        return label;
      }
    }
  }

  /** A change to the list of entries; returns whether it changed anything. */
  @FunctionalInterface
  private interface Change {
    boolean apply(List<Entry> entries);
  }

  private boolean change(Change change) throws IOException {
    PrivateFiles.createDirectories(file.toAbsolutePath().getParent());
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    // As in Users: a file lock keeps other processes out, and threads of this one take turns.
    CHANGING.lock();
    try (FileChannel channel =
        FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock held = channel.lock();
      try {
        List<Entry> entries = read();
        if (!change.apply(entries)) {
          return false;
        }
        write(entries);
        return true;
      } finally {
        held.release();
      }
    } finally {
      CHANGING.unlock();
    }
  }

  /** The file's entries, read again only if the file changed since the last read. */
  private Snapshot current() throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return new Snapshot(null, -1, -1, Map.of());
    }
    Snapshot seen = snapshot;
    long modified = attributes.lastModifiedTime().toMillis();
    if (Objects.equals(seen.key(), attributes.fileKey())
        && seen.modified() == modified
        && seen.size() == attributes.size()) {
      return seen;
    }
    Map<String, Entry> byHash = new HashMap<>();
    for (Entry e : read()) {
      byHash.put(e.hash(), e);
    }
    // Stamped with the attributes read before the contents: a change in between reads again.
    Snapshot fresh = new Snapshot(attributes.fileKey(), modified, attributes.size(), byHash);
    snapshot = fresh;
    return fresh;
  }

  private List<Entry> read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        entries.add(parse(line));
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw new IOException(file + " line " + (i + 1) + " is malformed (" + e.getMessage()
            + "); fix or remove that line, then make the token again with `nymote token create`");
      }
    }
    return entries;
  }

  private static Entry parse(String line) {
    String[] fields = line.split(" ");
    if (fields.length != 4) {
      throw new IllegalArgumentException("want 4 fields: user label sha256 created");
    }
    if (!isValidLabel(fields[1]) || !fields[2].matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("invalid label or hash");
    }
    var info = new TokenInfo(new UserName(fields[0]), fields[1], Instant.parse(fields[3]));
    return new Entry(info, fields[2]);
  }

  private void write(List<Entry> entries) throws IOException {
    StringBuilder text = new StringBuilder(HEADER);
    for (Entry e : entries) {
      TokenInfo info = e.info();
      text.append(info.user())
          .append(' ')
          .append(info.label())
          .append(' ')
          .append(e.hash())
          .append(' ')
          .append(info.created())
          .append('\n');
    }
    PrivateFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
