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
}
