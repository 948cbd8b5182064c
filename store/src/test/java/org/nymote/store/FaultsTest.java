package org.nymote.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input and faults give clear exceptions and leave the repository readable and consistent:
 * invalid paths, a corrupt or missing object, a repository that another process holds, a full
 * disk (a real 2 MiB tmpfs; where mounting one is not allowed, a failure injected into the
 * backend, see {@link FullDiskInjected}).
 */
class FaultsTest {
  private static final Random random = new Random();

  /**
   * Room on the 2 MiB disk kept by a file that a test deletes when it wants room again: more than
   * the store can fill, so that a checkpoint fits once it is gone.
   */
  private static final int ROOM = 1200 * 1024;

  @TempDir
  java.nio.file.Path tmp;

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a//b           | empty segment",
        "a/../b         | '.' and '..' are not allowed",
        "./b            | '.' and '..' are not allowed",
        "a/b\0c         | segment contains '/' or NUL",
        "mail/~b/x      | names of the form ~x (one hex digit) are reserved for shards",
        "~f             | names of the form ~x (one hex digit) are reserved for shards",
      })
  void anInvalidPathIsRefusedWithTheReason(String path, String reason) {
    assertThatThrownBy(() -> Path.parse(path))
        .isInstanceOf(InvalidPathException.class)
        .hasMessageContaining("invalid path")
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> Path.of(path.split("/", -1)))
        .isInstanceOf(InvalidPathException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void namesThatOnlyLookLikeShardsAreAllowed() {
    assertThat(Path.parse("~AB/~ab/~g/~").segments()).hasSize(4);
  }

  @Test
  void anOverwrittenPackObjectIsReportedAndTheRestStaysReadable() throws IOException {
    java.nio.file.Path dir = tmp.resolve("store.git");
    byte[] bad = randomBytes(4000);
    ObjectId badId = commitGoodAndBad(dir, bad);
    Damage.corruptInPack(dir, badId);

    try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
      assertCorruptOnlyThere(repo, badId);
    }
  }

  @Test
  void aDeletedObjectIsReportedAndTheRestStaysReadable() throws Exception {
    java.nio.file.Path dir = tmp.resolve("store.git");
    ObjectId badId = commitGoodAndBad(dir, randomBytes(100));
    Damage.unpackAllObjects(dir);
    String hex = badId.name();
    Files.delete(dir.resolve("objects").resolve(hex.substring(0, 2)).resolve(hex.substring(2)));

    try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
      assertCorruptOnlyThere(repo, badId);
    }
  }

  /** Commits {@code good/a}, then {@code bad/b}; returns the blob id of {@code bad/b}. */
  private static ObjectId commitGoodAndBad(java.nio.file.Path dir, byte[] bad) {
    try (Repo repo = Repo.init(dir, Schema.EMPTY)) {
      Branch main = repo.branch("main");
      main.set(Info.now("test", "good"), Path.parse("good/a"), "fine".getBytes(UTF_8));
      main.set(Info.now("test", "bad"), Path.parse("bad/b"), bad);
      return main.tree().findId(Path.parse("bad/b")).orElseThrow();
    }
  }

  private static void assertCorruptOnlyThere(Repo repo, ObjectId badId) {
    Branch main = repo.branch("main");
    assertThatThrownBy(() -> main.tree().find(Path.parse("bad/b")))
        .isInstanceOf(CorruptObjectException.class)
        .hasMessageContaining(badId.name());
    assertThat(main.tree().find(Path.parse("good/a"))).hasValue("fine".getBytes(UTF_8));
    assertThat(repo.log(main.head().orElseThrow().id(), 10)).hasSize(2);
    main.set(Info.now("test", "still writable"), Path.parse("good/c"), new byte[] {1});
    repo.checkpoint();
    assertThat(main.tree().find(Path.parse("good/c"))).hasValue(new byte[] {1});
    assertThatThrownBy(() -> main.tree().find(Path.parse("bad/b")))
        .isInstanceOf(CorruptObjectException.class);
  }

  @Test
  void aRepositoryOpenInAnotherProcessIsRefusedWithWhatToDo() throws Exception {
    java.nio.file.Path dir = tmp.resolve("store.git");
    try (Repo repo = Repo.init(dir, Schema.EMPTY)) {
      repo.branch("main").set(Info.now("test", "one"), Path.parse("a"), new byte[] {1});
    }
    java.nio.file.Path stderr = tmp.resolve("holder.err");
    Process holder = StoreProcess.start(stderr, "hold", dir.toString());
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8))) {
      assertThat(out.readLine()).as("the holder's stderr: %s", stderr).isEqualTo("OPEN");

      assertThatThrownBy(() -> Repo.open(dir, Schema.EMPTY))
          .isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("open in another process")
          .hasMessageContaining("stop it");

      holder.getOutputStream().close();
      assertThat(out.readLine()).isEqualTo("CLOSED");
      assertThat(waitFor(holder)).isZero();
    } finally {
      holder.destroyForcibly();
    }
    try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
      assertThat(repo.branch("main").tree().find(Path.parse("a"))).hasValue(new byte[] {1});
    }
  }

  @Test
  void aRepositoryOpenInThisProcessIsRefusedToo() {
    java.nio.file.Path dir = tmp.resolve("store.git");
    try (Repo repo = Repo.init(dir, Schema.EMPTY)) {
      assertThatThrownBy(() -> Repo.open(dir, Schema.EMPTY))
          .isInstanceOf(RepositoryLockedException.class)
          .hasMessageContaining("open in another process");
    }
    Repo.open(dir, Schema.EMPTY).close();
  }

  @Test
  void anUpdateOnAFullDiskFailsClearlyAndWritesWorkAgainOnceThereIsRoom() throws Exception {
    Optional<Tmpfs> mounted = Tmpfs.mount(tmp.resolve("disk"), "2m");
    if (mounted.isEmpty()) {
      FullDiskInjected.anUpdateFailsClearlyAndWritesWorkAgainOnceThereIsRoom(tmp);
      return;
    }
    Map<String, byte[]> acked = new LinkedHashMap<>();
    try (Tmpfs disk = mounted.get()) {
      java.nio.file.Path dir = disk.dir().resolve("store.git");
      java.nio.file.Path room = Files.write(disk.dir().resolve("room"), new byte[ROOM]);
      try (Repo repo = Repo.init(dir, Schema.EMPTY, Repo.Options.MANUAL)) {
        Branch main = repo.branch("main");
        assertThat(fillWithUpdates(main, acked)).hasMessageContaining("No space left on device");
        disk.fill("last-page");
        assertThatThrownBy(repo::checkpoint).isInstanceOf(StoreIOException.class);
        assertThatThrownBy(() -> set(main, "more", acked)).isInstanceOf(StoreIOException.class);
        assertHolds(main.tree(), acked);

        Files.delete(room);
        set(main, "after", acked);
        repo.checkpoint();
        assertHolds(main.tree(), acked);
      }
      try (Repo repo = Repo.open(dir, Schema.EMPTY)) {
        assertHolds(repo.branch("main").tree(), acked);
      }
      RealGit.assertFsckClean(dir);
    }
  }

  @Test
  void aRepositoryClosedOnAFullDiskOpensAgainWithEverythingAcknowledged() throws Exception {
    Optional<Tmpfs> mounted = Tmpfs.mount(tmp.resolve("disk"), "2m");
    assumeTrue(mounted.isPresent(), "cannot mount a tmpfs here: needs root or CAP_SYS_ADMIN");
    Map<String, byte[]> acked = new LinkedHashMap<>();
    try (Tmpfs disk = mounted.get()) {
      java.nio.file.Path dir = disk.dir().resolve("store.git");
      java.nio.file.Path room = Files.write(disk.dir().resolve("room"), new byte[ROOM]);
      java.nio.file.Path slack = Files.write(disk.dir().resolve("slack"), new byte[64 * 1024]);
      Repo repo = Repo.init(dir, Schema.EMPTY, Repo.Options.MANUAL);
      fillWithUpdates(repo.branch("main"), acked);
      disk.fill("last-page");
      closeOnAFullDisk(repo);
      try (Repo full = Repo.open(dir, Schema.EMPTY, Repo.Options.MANUAL)) {
        assertHolds(full.branch("main").tree(), acked);
      } catch (StoreIOException e) {
        assertThat(e).hasMessageContaining("No space left on device");
      }

      Files.delete(slack); // room for a journal segment, not for the checkpoint of the journal
      Repo nearlyFull = Repo.open(dir, Schema.EMPTY, Repo.Options.MANUAL);
      assertHolds(nearlyFull.branch("main").tree(), acked);
      closeOnAFullDisk(nearlyFull);

      Files.delete(room);
      try (Repo again = Repo.open(dir, Schema.EMPTY)) {
        assertHolds(again.branch("main").tree(), acked);
        set(again.branch("main"), "after", acked);
      }
      try (Repo again = Repo.open(dir, Schema.EMPTY)) {
        assertHolds(again.branch("main").tree(), acked);
      }
      RealGit.assertFsckClean(dir);
    }
  }

  /** Closes; the checkpoint on closing may fail for want of room, and must say so. */
  private static void closeOnAFullDisk(Repo repo) {
    try {
      repo.close();
    } catch (StoreIOException e) {
      assertThat(e).hasMessageContaining("No space left on device");
    }
  }

  /** Sets values of 40 KiB until the disk is full; returns the failure. */
  private static StoreIOException fillWithUpdates(Branch main, Map<String, byte[]> acked) {
    for (int i = 0; i < 200; i++) {
      try {
        set(main, "v/" + i, acked);
      } catch (StoreIOException e) {
        assertThat(acked).as("updates before the disk was full").hasSizeGreaterThan(3);
        return e;
      }
    }
    throw new AssertionError("the disk never filled up");
  }

  private static void set(Branch b, String key, Map<String, byte[]> acked) {
    byte[] value = randomBytes(40 * 1024);
    b.set(Info.now("test", "set " + key), Path.parse(key), value);
    acked.put(key, value);
  }

  static void assertHolds(Tree tree, Map<String, byte[]> values) {
    values.forEach((k, v) -> assertThat(tree.find(Path.parse(k))).as(k).hasValue(v));
  }

  private static int waitFor(Process p) throws InterruptedException {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("a child process did not finish in 60 s");
    }
    return p.exitValue();
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
