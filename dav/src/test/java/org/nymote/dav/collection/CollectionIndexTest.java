package org.nymote.dav.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nymote.dav.ical.Span;
import org.nymote.store.Path;
import org.nymote.store.Tree;

class CollectionIndexTest {
  final List<String> parsed = new ArrayList<>();
  final CollectionIndex<String> index = new CollectionIndex<>(
      b -> {
        String s = new String(b, StandardCharsets.UTF_8);
        parsed.add(s);
        return s;
      },
      s -> new CollectionIndex.Summary(s, "X", Span.ALL, false));

  static Tree with(Tree t, String name, String uid) {
    return t.with(Path.of(name), uid.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aChangedCollectionIsCaughtUpByItsDiffNotRebuilt() {
    Tree t = Tree.empty();
    for (int i = 0; i < 300; i++) {
      t = with(t, "r" + i + ".ics", "uid" + i);
    }
    t = t.with(Path.of(CollectionMeta.FILE), "{}".getBytes(StandardCharsets.UTF_8));
    var first = index.at("c", t);
    assertThat(first.items()).hasSize(300);
    assertThat(parsed).hasSize(300);

    parsed.clear();
    Tree next = with(t.without(Path.of("r5.ics")), "new.ics", "fresh");
    var second = index.at("c", next);

    assertThat(parsed).containsExactly("fresh");
    assertThat(second.items()).hasSize(300).containsKey("new.ics").doesNotContainKey("r5.ics");
    assertThat(second.nameOfUid("fresh")).hasValue("new.ics");
    assertThat(second.nameOfUid("uid5")).isEmpty();
    parsed.clear();
    assertThat(index.at("c", next)).isSameAs(second);
    assertThat(parsed).isEmpty();
  }

  @Test
  void aUidHeldTwiceAfterAMergeStaysFoundUntilBothAreGone() {
    Tree t = with(with(Tree.empty(), "b.ics", "same"), "a.ics", "same");
    assertThat(index.at("d", t).nameOfUid("same")).hasValue("a.ics");
    t = t.without(Path.of("a.ics"));
    assertThat(index.at("d", t).nameOfUid("same")).hasValue("b.ics");
    t = with(t, "b.ics", "other");
    assertThat(index.at("d", t).nameOfUid("same")).isEmpty();
    assertThat(index.at("d", t).nameOfUid("other")).hasValue("b.ics");
  }

  @Test
  void manySmallStepsEndWhereAFreshBuildDoes() {
    var random = new java.util.Random(7);
    Tree t = Tree.empty();
    for (int step = 0; step < 400; step++) {
      int n = random.nextInt(60);
      t = random.nextInt(4) == 0
          ? t.without(Path.of("r" + n + ".ics"))
          : with(t, "r" + n + ".ics", "uid" + random.nextInt(40));
      index.at("e", t);
    }
    var stepped = index.at("e", t);
    var fresh = new CollectionIndex<String>(
            b -> new String(b, StandardCharsets.UTF_8),
            s -> new CollectionIndex.Summary(s, "X", Span.ALL, false))
        .at("e", t);
    assertThat(stepped.items().keySet()).isEqualTo(fresh.items().keySet());
    for (int u = 0; u < 40; u++) {
      assertThat(stepped.nameOfUid("uid" + u)).isEqualTo(fresh.nameOfUid("uid" + u));
    }
  }
}
