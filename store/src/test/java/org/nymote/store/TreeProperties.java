package org.nymote.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of trees and of the tree merge, on random edits (some large enough to shard). */
class TreeProperties {

  /** One edit: set {@code path} to {@code value}, or remove it when value is null. */
  record Edit(String path, String value) {}

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<String> dir = Arbitraries.of("a", "b", "a/x", "big");
    Arbitrary<String> name = Arbitraries.integers().between(0, 1500).map(i -> "n" + i);
    Arbitrary<String> path = Combinators.combine(dir, name).as((d, n) -> d + "/" + n);
    Arbitrary<String> value = Arbitraries.strings().alpha().ofMaxLength(3).injectNull(0.2);
    return Combinators.combine(path, value).as(Edit::new).list().ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Edit>> manyEdits() {
    Arbitrary<String> name = Arbitraries.integers().between(0, 3000).map(i -> "big/n" + i);
    Arbitrary<String> value = Arbitraries.strings().alpha().ofLength(2).injectNull(0.3);
    return Combinators.combine(name, value).as(Edit::new).list().ofMinSize(500).ofMaxSize(2500);
  }

  private static Tree apply(Tree t, List<Edit> edits) {
    Tree out = t;
    for (Edit e : edits) {
      Path p = Path.parse(e.path);
      out = e.value == null ? out.without(p) : out.with(p, e.value.getBytes(UTF_8));
    }
    return out;
  }

  private static Map<String, String> contents(Tree t) {
    Map<String, String> m = new TreeMap<>();
    t.walk(Path.ROOT, (p, v) -> m.put(p.toString(), new String(v, UTF_8)));
    return m;
  }

  @Property(tries = 25)
  void theTreeIdDependsOnlyOnTheContentNotOnTheEditsThatMadeIt(
      @ForAll("manyEdits") List<Edit> edits) {
    Tree edited = apply(Tree.empty(), edits);
    Tree rebuilt = Tree.empty();
    for (var e : contents(edited).entrySet()) {
      rebuilt = rebuilt.with(Path.parse(e.getKey()), e.getValue().getBytes(UTF_8));
    }
    assertThat(rebuilt.id()).isEqualTo(edited.id());
    assertThat(contents(rebuilt)).isEqualTo(contents(edited));
  }

  @Property(tries = 150)
  void mergingWithAnUnchangedSideGivesTheOtherSide(
      @ForAll("edits") List<Edit> base, @ForAll("edits") List<Edit> change) {
    try (Repo repo = Repo.inMemory(Schema.EMPTY)) {
      Tree b = apply(Tree.empty(), base);
      Tree x = apply(b, change);
      assertThat(repo.mergeTrees(b, b, x).tree().id()).isEqualTo(x.id());
      assertThat(repo.mergeTrees(b, x, b).tree().id()).isEqualTo(x.id());
      assertThat(repo.mergeTrees(b, x, x).tree().id()).isEqualTo(x.id());
    }
  }

  @Property(tries = 150)
  void aCleanMergeIsSymmetricAndKeepsEveryChangeOfBothSides(
      @ForAll("edits") List<Edit> base,
      @ForAll("edits") List<Edit> ours,
      @ForAll("edits") List<Edit> theirs) {
    try (Repo repo = Repo.inMemory(Schema.EMPTY)) {
      Tree b = apply(Tree.empty(), base);
      Tree o = apply(b, ours);
      Tree t = apply(b, theirs);
      MergeResult ot = repo.mergeTrees(b, o, t);
      MergeResult to = repo.mergeTrees(b, t, o);
      assertThat(ot.conflicts().size()).isEqualTo(to.conflicts().size());
      if (!ot.isClean()) {
        return;
      }
      assertThat(ot.tree().id()).isEqualTo(to.tree().id());
      Map<String, String> merged = contents(ot.tree());
      for (Change c : repo.diff(b, o, Path.ROOT)) {
        assertThat(merged.get(c.path().toString()))
            .isEqualTo(contents(o).get(c.path().toString()));
      }
      for (Change c : repo.diff(b, t, Path.ROOT)) {
        assertThat(merged.get(c.path().toString()))
            .isEqualTo(contents(t).get(c.path().toString()));
      }
    }
  }

  @Property(tries = 150)
  void theDiffOfTwoTreesListsExactlyThePathsWhoseValuesDiffer(
      @ForAll("edits") List<Edit> base, @ForAll("edits") List<Edit> change) {
    try (Repo repo = Repo.inMemory(Schema.EMPTY)) {
      Tree a = apply(Tree.empty(), base);
      Tree b = apply(a, change);
      Map<String, String> ca = contents(a);
      Map<String, String> cb = contents(b);
      java.util.Set<String> expected = new java.util.TreeSet<>();
      ca.forEach((k, v) -> {
        if (!v.equals(cb.get(k))) expected.add(k);
      });
      cb.forEach((k, v) -> {
        if (!v.equals(ca.get(k))) expected.add(k);
      });
      assertThat(repo.diff(a, b, Path.ROOT))
          .extracting(c -> c.path().toString())
          .containsExactlyElementsOf(expected);
    }
  }
}
