package org.nymote.store.sync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.RepositoryLockedException;
import org.nymote.store.Schema;
import org.nymote.store.StoreException;

class SyncTest {
  @TempDir
  java.nio.file.Path tmp;

  private static Info info(String m) {
    return Info.now("test", m);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private Repo repo(String name) {
    return Repo.init(tmp.resolve(name), Schema.EMPTY, Repo.Options.MANUAL);
  }

  private String bareGitHub() throws Exception {
    java.nio.file.Path hub = tmp.resolve("hub.git");
    git(tmp, "init", "--bare", "-q", hub.toString());
    return hub.toString();
  }

  static String git(java.nio.file.Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void twoReplicasConvergeThroughAPlainGitRepository() throws Exception {
    String hub = bareGitHub();
    try (Repo a = repo("a");
        Repo bb = repo("b")) {
      a.branch("main").set(info("x"), Path.parse("x"), b("1"));
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      Sync.Report first = Sync.sync(bb, hub, Sync.Options.defaults("b"));
      assertThat(first.branches().get("main").outcomes()).contains(Sync.Outcome.CREATED_HERE);
      // concurrent edits on both sides, then sync both, then a again
      a.branch("main").set(info("z"), Path.parse("dir/z"), b("from a"));
      bb.branch("main").set(info("y"), Path.parse("dir/y"), b("from b"));
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      Sync.Report merged = Sync.sync(bb, hub, Sync.Options.defaults("b"));
      assertThat(merged.branches().get("main").outcomes())
          .contains(Sync.Outcome.MERGED, Sync.Outcome.PUSHED);
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      assertThat(a.branch("main").tree().id())
          .isEqualTo(bb.branch("main").tree().id());
      assertThat(a.branch("main").tree().list(Path.parse("dir"))).containsExactly("y", "z");
      assertThat(a.branch("main").head()).isEqualTo(bb.branch("main").head());
    }
    // the hub is plain Git: a plain clone shows the data
    git(tmp, "clone", "-q", hub, tmp.resolve("plain").toString());
    assertThat(Files.readString(tmp.resolve("plain/dir/y"))).isEqualTo("from b");
    assertThat(git(tmp.resolve("hub.git"), "fsck", "--strict")).doesNotContain("error");
  }

  @Test
  void conflictingValuesAreBothKeptAndSettledAlikeOnEveryReplica() throws Exception {
    String hub = bareGitHub();
    try (Repo a = repo("a");
        Repo bb = repo("b")) {
      a.branch("main").set(info("v"), Path.parse("v"), b("base"));
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      Sync.sync(bb, hub, Sync.Options.defaults("b"));
      a.branch("main").set(info("a"), Path.parse("v"), b("A"));
      bb.branch("main").set(info("b"), Path.parse("v"), b("B"));
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      Sync.Report r = Sync.sync(bb, hub, Sync.Options.defaults("b"));
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      assertThat(r.branches().get("main").conflicts()).hasSize(1);
      List<String> names = a.branch("main").tree().list(Path.ROOT);
      assertThat(names).hasSize(2).contains("v").anyMatch(n -> n.startsWith("v.conflict-"));
      List<String> values = new ArrayList<>();
      for (String n : names) {
        values.add(new String(a.branch("main").tree().get(Path.of(n)), UTF_8));
      }
      assertThat(values).containsExactlyInAnyOrder("A", "B");
      assertThat(bb.branch("main").tree().id())
          .isEqualTo(a.branch("main").tree().id());
    }
  }

  @Test
  void aNymoteRepositoryOnThisMachineIsSyncedBothWaysThroughItsOwnJournal() {
    java.nio.file.Path peerDir = tmp.resolve("peer");
    try (Repo peer = Repo.init(peerDir, Schema.EMPTY, Repo.Options.MANUAL)) {
      peer.branch("main").set(info("p"), Path.parse("p"), b("peer"));
    }
    try (Repo a = repo("a")) {
      a.branch("main").set(info("a"), Path.parse("a"), b("mine"));
      Sync.sync(a, peerDir.toString(), Sync.Options.defaults("a"));
      assertThat(a.branch("main").tree().list(Path.ROOT)).containsExactly("a", "p");
      try (Repo peer = Repo.open(peerDir, Schema.EMPTY, Repo.Options.MANUAL)) {
        assertThat(peer.branch("main").tree().list(Path.ROOT)).containsExactly("a", "p");
        assertThat(peer.branch("main").head()).isEqualTo(a.branch("main").head());
        // while it is open, another sync is refused with the reason
        assertThatThrownBy(() -> Sync.sync(a, peerDir.toString(), Sync.Options.defaults("a")))
            .isInstanceOf(RepositoryLockedException.class)
            .hasMessageContaining("another process");
      }
    }
  }

  @Test
  void aCloneHoldsEveryBranchOfTheRemote() throws Exception {
    String hub = bareGitHub();
    try (Repo a = repo("a")) {
      a.branch("main").set(info("m"), Path.parse("m"), b("main"));
      a.branch("other").set(info("o"), Path.parse("o"), b("other"));
      Sync.sync(a, hub, Sync.Options.defaults("a"));
      try (Repo c =
          Sync.cloneInto(hub, tmp.resolve("clone"), Schema.EMPTY, Sync.Options.defaults("c"))) {
        assertThat(c.branches()).containsExactly("main", "other");
        assertThat(c.branch("other").tree().id())
            .isEqualTo(a.branch("other").tree().id());
      }
    }
  }

  @Test
  void anUnreachableOrMalformedRemoteIsAClearError() {
    try (Repo a = repo("a")) {
      a.branch("main").set(info("m"), Path.parse("m"), b("x"));
      assertThatThrownBy(() -> Sync.sync(a, "nosuch://remote/x", Sync.Options.defaults("a")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("nosuch://remote/x");
      assertThatThrownBy(
              () -> Sync.sync(a, tmp.resolve("missing").toString(), Sync.Options.defaults("a")))
          .isInstanceOf(StoreException.class);
    }
  }
}
