package org.nymote.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.nymote.store.CorruptObjectException;
import org.nymote.store.RepositoryLockedException;
import org.nymote.store.StoreException;
import org.nymote.store.StoreIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bare Git repository on disk. Group commits go to a write-ahead journal ({@code nymote/}): one
 * append and one fsync per group, never a loose file per object. A checkpoint, in the background
 * or on demand, moves the journal's objects into one pack with its index and the heads into Git
 * refs, after which plain {@code git} sees them. Opening replays whatever a crash left in the
 * journal. One process at a time holds the repository (a lock file); reads are thread-safe.
 */
public final class GitDirBackend implements Backend {
  private static final Logger log = LoggerFactory.getLogger(GitDirBackend.class);
  private static final String HEADS = Constants.R_HEADS;

  static {
    // Objects reaching a pack are hashed again by JGit; its default pure-Java SHA-1 (with
    // collision detection) costs several times the JDK's. Our ids are computed before, with
    // the JDK's SHA-1, so the extra check buys nothing here.
    if (System.getProperty("org.eclipse.jgit.util.sha1.implementation") == null) {
      System.setProperty("org.eclipse.jgit.util.sha1.implementation", "jdkNative");
    }
    // JGit's pack cache defaults to 10 MiB: smaller than a modest store's packs, so building a
    // pack to serve a fetch kept evicting and reloading them (a third of a sync's time in the
    // benchmark). A quarter of the heap, at most 256 MiB, holds them.
    long cache = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
    WindowCacheConfig windows = new WindowCacheConfig();
    windows.setPackedGitLimit(Math.max(cache, 10L << 20));
    windows.setDeltaBaseCacheLimit((int) Math.max(cache / 4, 10L << 20));
    windows.install();
  }

  private final Path dir;
  private final FileRepository git;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Path journalDir;
  private final Map<ObjectId, RawObject> pending = new ConcurrentHashMap<>();
  private final Map<String, ObjectId> heads = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private final Object checkpointLock = new Object();
  /** Shared by transfers in progress (see {@link #beginTransfer}), exclusive for compaction. */
  private final java.util.concurrent.locks.ReentrantReadWriteLock transfers =
      new java.util.concurrent.locks.ReentrantReadWriteLock();

  private Journal journal;
  private long segment;
  private long pendingBytes;
  private boolean headsMoved;
  private boolean oldSegments;

  private GitDirBackend(Path dir, FileRepository git, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.git = git;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.journalDir = dir.resolve("nymote");
  }

  /** Creates a new bare repository at {@code dir} (which must not hold one) and opens it. */
  public static GitDirBackend init(Path dir) {
    if (Files.exists(dir.resolve("HEAD"))) {
      throw new StoreException("a repository already exists at " + dir);
    }
    try {
      Files.createDirectories(dir);
      try (Git g = Git.init()
          .setBare(true)
          .setDirectory(dir.toFile())
          .setInitialBranch("main")
          .call()) {
        StoredConfig c = g.getRepository().getConfig();
        c.setInt("core", null, "compression", 1);
        c.setString("gc", null, "auto", "0");
        c.save();
      }
      Files.createDirectories(dir.resolve("nymote"));
    } catch (IOException | GitAPIException e) {
      throw new StoreIOException("cannot create a repository at " + dir + ": " + e.getMessage(), e);
    }
    return open(dir);
  }

  /** Opens the repository at {@code dir}, replaying the journal left by a crash. */
  public static GitDirBackend open(Path dir) {
    if (!Files.isRegularFile(dir.resolve("HEAD")) || !Files.isDirectory(dir.resolve("objects"))) {
      throw new StoreException(
          "no repository at " + dir + " (create one with 'nymote store --repo " + dir + " init')");
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(dir.resolve("nymote"));
      ch = FileChannel.open(
          dir.resolve("nymote").resolve("lock"),
          StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        throw new RepositoryLockedException(
            "the repository at " + dir + " is open in another process; stop it or use that one");
      }
      FileRepository repo = new FileRepository(dir.toFile());
      GitDirBackend b = new GitDirBackend(dir, repo, ch, l);
      try {
        b.recover();
      } catch (IOException | RuntimeException e) {
        b.release();
        throw e;
      }
      return b;
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the open failed already
        }
      }
      throw new StoreIOException("cannot open the repository at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The JGit repository under this backend, for transports. Checkpoint before reading it. */
  public FileRepository repository() {
    return git;
  }

  public Path directory() {
    return dir;
  }

  private void recover() throws IOException {
    removeStaleRefLocks();
    for (Ref r : git.getRefDatabase().getRefsByPrefix(HEADS)) {
      if (r.getObjectId() != null) {
        heads.put(r.getName().substring(HEADS.length()), r.getObjectId());
      }
    }
    TreeMap<Long, Path> segments = segments();
    for (Path seg : segments.values()) {
      for (Journal.Batch b : Journal.read(seg)) {
        for (RawObject o : b.objects()) {
          if (pending.putIfAbsent(o.id(), o) == null) {
            pendingBytes += o.data().length;
          }
        }
        b.heads().forEach(this::applyHead);
        headsMoved |= !b.heads().isEmpty();
      }
    }
    segment = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    oldSegments = !segments.isEmpty();
    journal = Journal.create(segmentPath(segment));
    if (!segments.isEmpty()) {
      log.info("recovered {} objects from the journal of {}", pending.size(), dir);
      try {
        checkpoint();
      } catch (StoreIOException e) {
        // Everything is in the journal and readable; the background checkpoint tries again.
        log.warn("cannot checkpoint {} yet: {}", dir, e.getMessage());
      }
    }
  }

  /**
   * Deletes the lock files that a crash in mid-checkpoint leaves beside the refs (JGit writes
   * {@code refs/heads/main.lock}, then renames it): they would fail every later ref update with
   * LOCK_FAILURE, and so every open. They are stale, since we hold the repository's lock.
   */
  private void removeStaleRefLocks() throws IOException {
    List<Path> locks = new ArrayList<>();
    try (var files = Files.walk(dir.resolve("refs"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".lock")).forEach(locks::add);
    }
    locks.add(dir.resolve("packed-refs.lock"));
    for (Path l : locks) {
      if (Files.deleteIfExists(l)) {
        log.warn("removed {}, left by a crash", l);
      }
    }
  }

  private void applyHead(String name, ObjectId id) {
    if (id == null) {
      heads.remove(name);
    } else {
      heads.put(name, id);
    }
  }

  private TreeMap<Long, Path> segments() throws IOException {
    TreeMap<Long, Path> out = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(journalDir, "journal-*")) {
      for (Path p : ds) {
        String n = p.getFileName().toString().substring("journal-".length());
        try {
          out.put(Long.parseLong(n), p);
        } catch (NumberFormatException e) {
          log.warn("ignoring a stray file in the journal folder: {}", p);
        }
      }
    }
    return out;
  }

  private Path segmentPath(long n) {
    return journalDir.resolve(String.format("journal-%012d", n));
  }

  @Override
  public byte[] read(AnyObjectId id, int type) {
    RawObject o = pending.get(id);
    if (o != null) {
      if (o.type() != type) {
        throw new CorruptObjectException("object " + id.name() + " is a "
            + RawObject.typeName(o.type()) + ", not a " + RawObject.typeName(type));
      }
      return o.data();
    }
    try (ObjectReader r = git.newObjectReader()) {
      return r.open(id, type).getCachedBytes(Integer.MAX_VALUE);
    } catch (MissingObjectException e) {
      // JGit drops a whole pack from its list when one object in it is corrupt, and from then on
      // reports every object of that pack as missing: have it scan its packs again, retry once.
      git.getObjectDatabase().close();
      try (ObjectReader r = git.newObjectReader()) {
        return r.open(id, type).getCachedBytes(Integer.MAX_VALUE);
      } catch (IOException again) {
        git.getObjectDatabase().close();
        throw new CorruptObjectException(
            "object " + id.name() + " is missing or corrupt in " + dir, again);
      }
    } catch (IncorrectObjectTypeException e) {
      throw new CorruptObjectException(
          "object " + id.name() + " is not a " + RawObject.typeName(type), e);
    } catch (org.eclipse.jgit.errors.CorruptObjectException e) {
      throw new CorruptObjectException("corrupt object " + id.name() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StoreIOException("cannot read object " + id.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean contains(AnyObjectId id) {
    return pending.containsKey(id) || git.getObjectDatabase().has(id);
  }

  @Override
  public Map<String, ObjectId> heads() {
    return new HashMap<>(heads);
  }

  @Override
  public void persist(List<RawObject> objects, Map<String, ObjectId> moves) {
    synchronized (writeLock) {
      try {
        journal.append(objects, moves);
      } catch (IOException e) {
        throw new StoreIOException("cannot write to " + dir + ": " + e.getMessage(), e);
      }
      for (RawObject o : objects) {
        if (pending.putIfAbsent(o.id(), o) == null) {
          pendingBytes += o.data().length;
        }
      }
      moves.forEach(this::applyHead);
      headsMoved |= !moves.isEmpty();
    }
  }

  /** The bytes of objects not yet in a pack: the background checkpoint watches it. */
  public long pendingBytes() {
    synchronized (writeLock) {
      return pendingBytes;
    }
  }

  @Override
  public void checkpoint() {
    synchronized (checkpointLock) {
      List<RawObject> objects;
      Map<String, ObjectId> snapshot;
      List<Path> done = new ArrayList<>();
      synchronized (writeLock) {
        if (journal.isEmpty() && !headsMoved && !oldSegments) {
          return;
        }
        objects = new ArrayList<>(pending.values());
        snapshot = new HashMap<>(heads);
        try {
          // The next segment first: if it cannot be made (a full disk), writes go on as before.
          Journal next = Journal.create(segmentPath(segment + 1));
          segment++;
          Journal last = journal;
          journal = next;
          last.close();
          done.addAll(segments().values());
          done.remove(next.file());
        } catch (IOException e) {
          throw new StoreIOException(
              "cannot rotate the journal of " + dir + ": " + e.getMessage(), e);
        }
        oldSegments = false;
        pendingBytes = 0;
        headsMoved = false;
      }
      try {
        writePack(objects);
        writeRefs(snapshot);
        for (Path p : done) {
          Files.deleteIfExists(p);
        }
        Fsync.directory(journalDir);
      } catch (IOException e) {
        synchronized (writeLock) {
          headsMoved = true;
        }
        throw new StoreIOException("checkpoint of " + dir + " failed: " + e.getMessage(), e);
      }
      for (RawObject o : objects) {
        pending.remove(o.id(), o);
      }
    }
  }

  /** The number of packs; each checkpoint adds one until {@link #compact} joins them. */
  public int packCount() {
    return git.getObjectDatabase().getPacks().size();
  }

  /**
   * Marks a transfer from outside the committer (a fetch, a push) until {@code close}, on the same
   * thread: its objects land in a pack before any ref reaches them, and compaction keeps only what
   * the refs reach, so compaction waits for transfers in progress.
   */
  public Runnable beginTransfer() {
    transfers.readLock().lock();
    return transfers.readLock()::unlock;
  }

  /**
   * Joins all packs into one (JGit's repack of what the refs reach), after a checkpoint so that
   * the refs name every head, and never while a transfer is in progress. Readers go on meanwhile;
   * writers go on into the journal.
   */
  public void compact() {
    transfers.writeLock().lock();
    try {
      compactNow();
    } finally {
      transfers.writeLock().unlock();
    }
  }

  /** {@link #compact} unless a transfer is in progress; false if it did not run. */
  public boolean compactIfIdle() {
    if (!transfers.writeLock().tryLock()) {
      return false;
    }
    try {
      compactNow();
      return true;
    } finally {
      transfers.writeLock().unlock();
    }
  }

  private void compactNow() {
    synchronized (checkpointLock) {
      checkpoint();
      try {
        GC gc = new GC(git);
        gc.setPackExpireAgeMillis(0);
        gc.repack();
      } catch (IOException e) {
        throw new StoreIOException(
            "compacting the packs of " + dir + " failed: " + e.getMessage(), e);
      }
    }
  }

  private void writePack(List<RawObject> objects) throws IOException {
    if (objects.isEmpty()) {
      return;
    }
    ObjectDirectory odb = git.getObjectDatabase();
    Path packDir = odb.getPackDirectory().toPath();
    Set<Path> before = listPacks(packDir);
    try (PackInserter ins = odb.newPackInserter()) {
      ins.checkExisting(false);
      ins.setCompressionLevel(1);
      for (RawObject o : objects) {
        ins.insert(o.type(), o.data(), 0, o.data().length);
      }
      ins.flush();
    }
    for (Path p : listPacks(packDir)) {
      if (!before.contains(p)) {
        Fsync.file(p);
      }
    }
    Fsync.directory(packDir);
  }

  private static Set<Path> listPacks(Path packDir) throws IOException {
    Set<Path> out = new HashSet<>();
    if (Files.isDirectory(packDir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(packDir, "pack-*.{pack,idx}")) {
        ds.forEach(out::add);
      }
    }
    return out;
  }

  private void writeRefs(Map<String, ObjectId> snapshot) throws IOException {
    Map<String, ObjectId> current = new HashMap<>();
    for (Ref r : git.getRefDatabase().getRefsByPrefix(HEADS)) {
      current.put(r.getName().substring(HEADS.length()), r.getObjectId());
    }
    Set<Path> dirs = new HashSet<>();
    for (var e : snapshot.entrySet()) {
      if (!e.getValue().equals(current.get(e.getKey()))) {
        RefUpdate u = git.updateRef(HEADS + e.getKey());
        u.setNewObjectId(e.getValue());
        u.setForceUpdate(true);
        check(u.update(), e.getKey());
        Path f = dir.resolve("refs/heads").resolve(e.getKey());
        if (Files.exists(f)) {
          Fsync.file(f);
          dirs.add(f.getParent());
        }
      }
    }
    for (String name : current.keySet()) {
      if (!snapshot.containsKey(name)) {
        RefUpdate u = git.updateRef(HEADS + name);
        u.setForceUpdate(true);
        check(u.delete(), name);
      }
    }
    for (Path d : dirs) {
      Fsync.directory(d);
    }
  }

  private static void check(RefUpdate.Result r, String name) throws IOException {
    switch (r) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
      default -> throw new IOException("cannot move branch " + name + ": " + r);
    }
  }

  @Override
  public void close() {
    try {
      checkpoint();
    } finally {
      release();
    }
  }

  /** Closes the journal and the JGit repository and releases the lock; also after a failed open. */
  private void release() {
    try {
      if (journal != null) {
        journal.close();
        if (journal.isEmpty()) {
          Files.deleteIfExists(journal.file());
        }
      }
    } catch (IOException e) {
      log.warn("closing the journal of {}: {}", dir, e.getMessage());
    }
    git.close();
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("releasing the lock of {}: {}", dir, e.getMessage());
    }
  }
}
