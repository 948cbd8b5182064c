package org.nymote.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class GitDirRepoTest extends RepoContract {
  private java.nio.file.Path dir;

  @Override
  protected Repo openRepo() throws Exception {
    dir = Files.createTempDirectory("nymote-repo").resolve("store.git");
    return Repo.init(dir, Schema.EMPTY, Repo.Options.MANUAL);
  }

  @Test
  void whatWasCommittedIsThereAfterReopening(TestInfo t) {
    Branch br = fresh(t);
    Commit c = br.set(info("persist"), p("p/q"), b("durable"));
    repo.close();
    repo = Repo.open(dir, Schema.EMPTY, Repo.Options.MANUAL);
    Branch again = repo.branch(br.name());
    assertThat(again.head()).contains(c);
    assertThat(again.tree().get(p("p/q"))).isEqualTo(b("durable"));
  }

  @Test
  void compactionJoinsThePacksOfManyCheckpointsAndKeepsEveryCommit(TestInfo t) {
    Branch br = fresh(t);
    Commit last = null;
    for (int i = 0; i < 30; i++) {
      last = br.set(info("c" + i), p("c/" + i), b("v" + i));
      repo.checkpoint();
    }
    assertThat(repo.packCount()).isGreaterThanOrEqualTo(30);
    repo.compact();
    assertThat(repo.packCount()).isEqualTo(1);
    assertThat(repo.log(last.id(), 100)).hasSizeGreaterThanOrEqualTo(30);
    for (int i = 0; i < 30; i++) {
      assertThat(br.tree().get(p("c/" + i))).isEqualTo(b("v" + i));
    }
  }
}
