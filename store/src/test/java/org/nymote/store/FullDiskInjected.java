package org.nymote.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.nymote.store.internal.Backend;
import org.nymote.store.internal.GitDirBackend;
import org.nymote.store.internal.RawObject;

/**
 * The full-disk test where no tmpfs can be mounted: a real on-disk backend whose writes fail, when
 * told to, as they would on a full disk. It reaches Repo's private constructor by reflection, so
 * it checks the store above the backend, not the journal's own handling of ENOSPC.
 */
final class FullDiskInjected implements Backend {
  private final GitDirBackend disk;
  private volatile boolean full;

  private FullDiskInjected(GitDirBackend disk) {
    this.disk = disk;
  }

  static void anUpdateFailsClearlyAndWritesWorkAgainOnceThereIsRoom(java.nio.file.Path tmp)
      throws Exception {
    System.err.println("FullDiskInjected: no tmpfs, so the full disk is an injected failure");
    java.nio.file.Path dir = tmp.resolve("store.git");
    Repo.init(dir, Schema.EMPTY).close();
    FullDiskInjected backend = new FullDiskInjected(GitDirBackend.open(dir));
    var ctor = Repo.class.getDeclaredConstructor(Backend.class, Schema.class, Repo.Options.class);
    ctor.setAccessible(true);
    Map<String, byte[]> acked = new LinkedHashMap<>();
    try (Repo repo = ctor.newInstance(backend, Schema.EMPTY, Repo.Options.MANUAL)) {
      Branch main = repo.branch("main");
      for (int i = 0; i < 5; i++) {
        set(main, "v/" + i, acked);
      }
      backend.full = true;
      assertThatThrownBy(() -> set(main, "more", acked))
          .isInstanceOf(StoreIOException.class)
          .hasMessageContaining("No space left on device");
      assertThatThrownBy(repo::checkpoint).isInstanceOf(StoreIOException.class);
      FaultsTest.assertHolds(main.tree(), acked);
      assertThat(main.tree().find(Path.parse("more"))).isEmpty();

      backend.full = false;
      set(main, "after", acked);
    }
    try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
      FaultsTest.assertHolds(repo.branch("main").tree(), acked);
    }
    RealGit.assertFsckClean(dir);
  }

  private static void set(Branch b, String key, Map<String, byte[]> acked) {
    byte[] value = FaultsTest.randomBytes(1024);
    b.set(Info.now("test", "set " + key), Path.parse(key), value);
    acked.put(key, value);
  }

  private void failIfFull() {
    if (full) {
      throw new StoreIOException(
          "cannot write to " + disk.directory() + ": No space left on device (injected)",
          new IOException("No space left on device"));
    }
  }

  @Override
  public void persist(List<RawObject> objects, Map<String, ObjectId> heads) {
    failIfFull();
    disk.persist(objects, heads);
  }

  @Override
  public void checkpoint() {
    failIfFull();
    disk.checkpoint();
  }

  @Override
  public Map<String, ObjectId> heads() {
    return disk.heads();
  }

  @Override
  public byte[] read(AnyObjectId id, int type) {
    return disk.read(id, type);
  }

  @Override
  public boolean contains(AnyObjectId id) {
    return disk.contains(id);
  }

  @Override
  public void close() {
    disk.close();
  }
}
