package org.nymote.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code git} reads what the store writes ({@code fsck}, {@code log}, {@code show}, {@code
 * clone}), and the store reads what plain git pushes. One repository for the class: its history is
 * made once, checked by git while the store holds it open (after a checkpoint) and after close.
 */
class GitInteropTest {
  private static final int BIG_DIR_NAMES = 1500;

  @TempDir
  static java.nio.file.Path tmp;

  static java.nio.file.Path repoDir;
  /** Every value on main at the end, by store path. */
  static final Map<String, byte[]> values = new TreeMap<>();
  /** The store's commits on main, newest first. */
  static final List<ObjectId> commits = new ArrayList<>();

  static RealGit.Result fsckAfterCheckpoint;

  @BeforeAll
  static void makeHistoryThroughTheStore() {
    repoDir = tmp.resolve("store.git");
    Random random = new Random(42);
    try (Repo repo = Repo.init(repoDir, Schema.EMPTY)) {
      Branch main = repo.branch("main");
      set(main, "notes/hello.txt", "hello, git\n".getBytes(UTF_8));
      byte[] binary = new byte[3000];
      random.nextBytes(binary);
      set(main, "a/b/c/d.bin", binary);
      set(main, "a/top", new byte[] {0, 1, 2, (byte) 0xff, '\n', '\r'});
      set(main, "empty", new byte[0]);
      try (Transaction tx = main.begin()) {
        for (int i = 0; i < BIG_DIR_NAMES; i++) {
          String path = "big/msg-" + i;
          byte[] v = ("message " + i + "\n").getBytes(UTF_8);
          tx.put(Path.parse(path), v);
          values.put(path, v);
        }
        commits.addFirst(
            tx.commit(Info.now("laptop", "a directory large enough to shard")).id());
      }
      repo.checkpoint();
      fsckAfterCheckpoint = RealGit.run(repoDir, "fsck", "--strict", "--no-progress");

      set(main, "notes/hello.txt", "hello again, git\n".getBytes(UTF_8));
      set(main, "big/msg-7", "changed in a shard\n".getBytes(UTF_8));
      commits.addFirst(
          main.remove(Info.now("laptop", "drop a/top"), Path.parse("a/top")).id());
      values.remove("a/top");
    }
  }

  private static void set(Branch b, String path, byte[] value) {
    commits.addFirst(
        b.set(Info.now("laptop", "set " + path), Path.parse(path), value).id());
    values.put(path, value);
  }

  @AfterAll
  static void forget() {
    values.clear();
    commits.clear();
  }

  @Test
  void gitFsckIsCleanAfterACheckpointWhileTheStoreIsOpen() {
    assertThat(fsckAfterCheckpoint.exit()).as("%s", fsckAfterCheckpoint).isZero();
    assertThat(fsckAfterCheckpoint.text() + fsckAfterCheckpoint.err())
        .doesNotContainIgnoringCase("error")
        .doesNotContainIgnoringCase("missing");
  }

  @Test
  void gitFsckIsCleanAfterClose() {
    RealGit.assertFsckClean(repoDir);
  }

  @Test
  void gitLogListsTheStoresCommitsOnMain() {
    String log = RealGit.ok(repoDir, "log", "--format=%H %an %s", "main").text();

    List<String> ids = log.lines().map(l -> l.substring(0, 40)).toList();
    assertThat(ids)
        .containsExactlyElementsOf(commits.stream().map(ObjectId::name).toList());
    assertThat(log).contains(" laptop set notes/hello.txt", " laptop drop a/top");
    assertThat(RealGit.ok(repoDir, "log", "--oneline", "main").text().lines())
        .hasSize(commits.size());
  }

  @Test
  void gitShowPrintsTheExactBytesOfAnUnshardedPath() {
    for (String path : List.of("notes/hello.txt", "a/b/c/d.bin", "empty")) {
      assertThat(RealGit.ok(repoDir, "show", "main:" + path).out())
          .as(path)
          .isEqualTo(values.get(path));
    }
    assertThat(RealGit.run(repoDir, "show", "main:a/top").exit())
        .as("a removed path is gone for git too")
        .isNotZero();
  }

  @Test
  void gitSeesTheLargeDirectoryAsShardsHoldingEveryName() {
    String tree =
        RealGit.ok(repoDir, "ls-tree", "-r", "--name-only", "main", "big/").text();

    List<String> paths = tree.lines().toList();
    assertThat(paths).hasSize(BIG_DIR_NAMES).allMatch(p -> p.matches("big/(~[0-9a-f]/)+msg-\\d+"));
    String shardedPath =
        paths.stream().filter(p -> p.endsWith("/msg-7")).findFirst().orElseThrow();
    assertThat(RealGit.ok(repoDir, "show", "main:" + shardedPath).text())
        .isEqualTo("changed in a shard\n");
  }

  @Test
  void gitCloneChecksOutEveryValueWithItsBytes() throws IOException {
    java.nio.file.Path clone = tmp.resolve("clone-" + System.nanoTime());
    RealGit.ok(tmp, "clone", "--quiet", repoDir.toString(), clone.toString());

    Map<String, byte[]> checkedOut = new TreeMap<>();
    try (Stream<java.nio.file.Path> files = Files.walk(clone)) {
      for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = clone.relativize(f).toString();
        if (!rel.startsWith(".git/")) {
          checkedOut.put(rel.replaceAll("~[0-9a-f]/", ""), Files.readAllBytes(f));
        }
      }
    }
    assertThat(checkedOut.keySet()).containsExactlyElementsOf(values.keySet());
    values.forEach((path, bytes) -> assertThat(checkedOut.get(path)).as(path).isEqualTo(bytes));
  }

  @Test
  void theStoreReadsCommitsThatPlainGitPushedBack() throws IOException {
    java.nio.file.Path work = tmp.resolve("work-" + System.nanoTime());
    RealGit.ok(tmp, "clone", "--quiet", repoDir.toString(), work.toString());
    Files.writeString(work.resolve("notes/hello.txt"), "edited by git\n");
    Files.createDirectories(work.resolve("from/git"));
    Files.writeString(work.resolve("from/git/new.txt"), "new in git\n");
    RealGit.ok(work, "rm", "--quiet", "empty");
    RealGit.ok(work, "add", "-A");
    RealGit.ok(work, "commit", "--quiet", "-m", "edited with plain git");
    RealGit.ok(work, "push", "--quiet", "origin", "HEAD:refs/heads/from-git");

    try (Repo repo = Repo.open(repoDir, Schema.EMPTY)) {
      Branch fromGit = repo.branch("from-git");
      Commit head = fromGit.head().orElseThrow();
      assertThat(head.info().message()).isEqualTo("edited with plain git");
      assertThat(head.parents()).containsExactly(commits.getFirst());
      Tree tree = fromGit.tree();
      assertThat(tree.find(Path.parse("notes/hello.txt")))
          .hasValueSatisfying(v -> assertThat(new String(v, UTF_8)).isEqualTo("edited by git\n"));
      assertThat(tree.find(Path.parse("from/git/new.txt"))).isPresent();
      assertThat(tree.find(Path.parse("empty"))).isEmpty();
      assertThat(tree.find(Path.parse("big/msg-1"))).hasValue(values.get("big/msg-1"));
      assertThat(tree.list(Path.parse("big"))).hasSize(BIG_DIR_NAMES);

      fromGit.set(Info.now("laptop", "on top of git"), Path.parse("from/store"), new byte[] {1});
    }
    RealGit.assertFsckClean(repoDir);
    assertThat(RealGit.ok(repoDir, "log", "--format=%s", "-2", "from-git").text())
        .isEqualTo("on top of git\nedited with plain git\n");
  }
}
