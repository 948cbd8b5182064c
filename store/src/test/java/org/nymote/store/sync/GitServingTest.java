package org.nymote.store.sync;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nymote.store.Info;
import org.nymote.store.Path;
import org.nymote.store.Repo;
import org.nymote.store.Schema;

/** Real git clients against the store served by JGit's git:// daemon with Nymote's rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitServingTest {
  private java.nio.file.Path tmp;
  private Repo repo;
  private Daemon daemon;
  private String url;

  record Run(int exit, String out) {}

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("nymote-serving");
    repo = Repo.init(tmp.resolve("store.git"), Schema.EMPTY, Repo.Options.MANUAL);
    repo.branch("main")
        .set(Info.now("server", "first"), Path.parse("notes/a"), "alpha".getBytes(UTF_8));
    daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
    RepositoryResolver<org.eclipse.jgit.transport.DaemonClient> resolver = (req, name) -> {
      var g = repo.gitRepository().orElseThrow();
      g.incrementOpen();
      return g;
    };
    daemon.setRepositoryResolver(resolver);
    daemon.setUploadPackFactory((req, db) -> GitServing.uploadPack(repo));
    daemon.setReceivePackFactory((req, db) -> GitServing.receivePack(repo));
    daemon.getService("git-receive-pack").setEnabled(true);
    daemon.start();
    url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/store";
  }

  @AfterAll
  void stop() {
    daemon.stop();
    repo.close();
  }

  private Run git(java.nio.file.Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        "git",
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@x",
        "-c",
        "init.defaultBranch=main",
        "-c",
        "protocol.version=0"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    return new Run(p.waitFor(), out);
  }

  private java.nio.file.Path cloneFresh(String name) throws Exception {
    java.nio.file.Path dir = tmp.resolve(name);
    Run r = git(tmp, "clone", "-q", url, dir.toString());
    assertThat(r.exit()).as(r.out()).isZero();
    return dir;
  }

  @Test
  void gitClonesWhatTheStoreHolds() throws Exception {
    java.nio.file.Path c = cloneFresh("c1");
    assertThat(Files.readString(c.resolve("notes/a"))).isEqualTo("alpha");
  }

  @Test
  void aFastForwardPushMovesTheBranchThroughTheStore() throws Exception {
    java.nio.file.Path c = cloneFresh("c2");
    Files.writeString(c.resolve("notes/pushed"), "from git");
    assertThat(git(c, "add", ".").exit()).isZero();
    assertThat(git(c, "commit", "-qm", "from git").exit()).isZero();
    Run push = git(c, "push", "-q", "origin", "main");
    assertThat(push.exit()).as(push.out()).isZero();
    String head = git(c, "rev-parse", "HEAD").out().trim();
    assertThat(repo.branch("main").head().orElseThrow().id()).isEqualTo(ObjectId.fromString(head));
    assertThat(new String(repo.branch("main").tree().get(Path.parse("notes/pushed")), UTF_8))
        .isEqualTo("from git");
  }

  @Test
  void aNonFastForwardPushIsRefusedWithAdviceToSync() throws Exception {
    java.nio.file.Path c = cloneFresh("c3");
    repo.branch("main")
        .set(Info.now("server", "moved"), Path.parse("notes/server"), "s".getBytes(UTF_8));
    Files.writeString(c.resolve("notes/mine"), "mine");
    git(c, "add", ".");
    git(c, "commit", "-qm", "diverged");
    ObjectId before = repo.branch("main").head().orElseThrow().id();
    Run push = git(c, "push", "--force", "origin", "main");
    assertThat(push.exit()).isNotZero();
    assertThat(push.out()).contains("nymote sync");
    assertThat(repo.branch("main").head().orElseThrow().id()).isEqualTo(before);
  }

  @Test
  void aBranchDeletionIsRefused() throws Exception {
    java.nio.file.Path c = cloneFresh("c4");
    git(c, "checkout", "-qb", "extra");
    Files.writeString(c.resolve("x"), "x");
    git(c, "add", ".");
    git(c, "commit", "-qm", "x");
    assertThat(git(c, "push", "-q", "origin", "extra").exit()).isZero();
    assertThat(repo.branch("extra").exists()).isTrue();
    Run del = git(c, "push", "origin", ":extra");
    assertThat(del.exit()).isNotZero();
    assertThat(repo.branch("extra").exists()).isTrue();
  }

  @Test
  void aPushOfAnObjectThatFailsFsckIsRefusedAndNothingMoves() throws Exception {
    java.nio.file.Path c = cloneFresh("c5");
    String tree = git(c, "rev-parse", "HEAD^{tree}").out().trim();
    String parent = git(c, "rev-parse", "HEAD").out().trim();
    String bad = "tree " + tree + "\nparent " + parent
        + "\nauthor no email here\ncommitter x <x@x> 1 +0000\n\nbad\n";
    java.nio.file.Path f = tmp.resolve("bad-commit");
    Files.writeString(f, bad);
    Run h = git(c, "hash-object", "--literally", "-t", "commit", "-w", f.toString());
    assertThat(h.exit()).as(h.out()).isZero();
    String id = h.out().trim();
    assertThat(git(c, "update-ref", "refs/heads/main", id).exit()).isZero();
    ObjectId before = repo.branch("main").head().orElseThrow().id();
    Run push = git(c, "push", "origin", "main");
    assertThat(push.exit()).isNotZero();
    assertThat(repo.branch("main").head().orElseThrow().id()).isEqualTo(before);
    assertThat(repo.findCommit(ObjectId.fromString(id))).isEmpty();
  }
}
