package org.nymote.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.nymote.store.Branch;
import org.nymote.store.MergeResult;
import org.nymote.store.Tree;

/**
 * The benchmarks' operations do what they claim, checked on a small store (large enough that
 * Nymote shards its directory). Fast: this is not a benchmark.
 */
class FixturesTest {
  private static final Keys KEYS = new Keys(1_500);

  @Test
  void bothStoresStartWithEveryKeyAtVersionZero() throws Exception {
    try (NymoteStore n = NymoteStore.create(KEYS);
        GitStore g = GitStore.create(KEYS, false)) {
      ObjectId tree = g.treeOf(g.head(GitStore.MAIN));
      for (int i : new int[] {0, 255, 256, 1234, 1499}) {
        assertThat(n.main().tree().get(KEYS.path(i))).isEqualTo(Keys.value(i, 0));
        assertThat(g.get(tree, KEYS.gitPath(i))).isEqualTo(Keys.value(i, 0));
      }
      assertThat(n.main().tree().list(KEYS.path(0).parent())).hasSize(1_500);
    }
  }

  @Test
  void theBaselineCommitChangesOneKeyAndKeepsTheOthers() throws Exception {
    try (GitStore g = GitStore.create(KEYS, false)) {
      ObjectId before = g.head(GitStore.MAIN);
      ObjectId c = g.commitOne(1234, Keys.value(1234, 7));
      assertThat(g.head(GitStore.MAIN)).isEqualTo(c);
      ObjectId tree = g.treeOf(c);
      assertThat(g.get(tree, KEYS.gitPath(1234))).isEqualTo(Keys.value(1234, 7));
      assertThat(g.get(tree, KEYS.gitPath(1235))).isEqualTo(Keys.value(1235, 0));
      assertThat(g.repo().parseCommit(c).getParent(0).getId()).isEqualTo(before);
    }
  }

  @Test
  void oneUpdateRewritesEveryKeyOnBothSides() throws Exception {
    try (NymoteStore n = NymoteStore.create(KEYS);
        GitStore g = GitStore.create(KEYS, false)) {
      n.update(n.main(), i -> true, 3);
      ObjectId tree = g.treeOf(g.commitAll(3));
      for (int i : new int[] {0, 700, 1499}) {
        assertThat(n.main().tree().get(KEYS.path(i))).isEqualTo(Keys.value(i, 3));
        assertThat(g.get(tree, KEYS.gitPath(i))).isEqualTo(Keys.value(i, 3));
      }
    }
  }

  @Test
  void bothMergesKeepTheChangesOfBothBranches() throws Exception {
    try (NymoteStore n = NymoteStore.create(KEYS);
        GitStore g = GitStore.create(KEYS, false)) {
      ObjectId base = n.main().head().orElseThrow().id();
      Branch a = n.repo().branch("a");
      Branch b = n.repo().branch("b");
      a.compareAndSet(java.util.Optional.empty(), base);
      b.compareAndSet(java.util.Optional.empty(), base);
      n.update(a, Merge.CHANGED_ON_A, 2);
      ObjectId theirs = n.update(b, Merge.CHANGED_ON_B, 1).id();
      MergeResult m = a.merge(theirs, NymoteStore.info("merge"));
      assertThat(m.isClean()).isTrue();
      assertMerged(m.tree());

      ObjectId gBase = g.head(GitStore.MAIN);
      ObjectId ours =
          g.writePacked(i -> Keys.value(i, Merge.CHANGED_ON_A.test(i) ? 2 : 0), "a", gBase);
      ObjectId gTheirs =
          g.writePacked(i -> Keys.value(i, Merge.CHANGED_ON_B.test(i) ? 1 : 0), "b", gBase);
      g.move(Constants.R_HEADS + "a", null, ours);
      ObjectId merged = g.treeOf(g.merge(Constants.R_HEADS + "a", ours, gTheirs));
      assertThat(g.get(merged, KEYS.gitPath(10))).isEqualTo(Keys.value(10, 2));
      assertThat(g.get(merged, KEYS.gitPath(15))).isEqualTo(Keys.value(15, 1));
      assertThat(g.get(merged, KEYS.gitPath(17))).isEqualTo(Keys.value(17, 0));
    }
  }

  private static void assertMerged(Tree t) {
    assertThat(t.get(KEYS.path(10))).isEqualTo(Keys.value(10, 2));
    assertThat(t.get(KEYS.path(15))).isEqualTo(Keys.value(15, 1));
    assertThat(t.get(KEYS.path(17))).isEqualTo(Keys.value(17, 0));
  }
}
