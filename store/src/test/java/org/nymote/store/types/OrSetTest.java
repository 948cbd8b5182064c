package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class OrSetTest {
  private static final Contents<OrSet<String>> C = OrSet.contents(TextCodec.strings());
  private final HybridClock laptop = new HybridClock("laptop", () -> Instant.ofEpochMilli(1_000));
  private final HybridClock phone = new HybridClock("phone", () -> Instant.ofEpochMilli(2_000));

  private static OrSet<String> merged(
      OrSet<String> base, OrSet<String> ours, OrSet<String> theirs) {
    return switch (Laws.merge(C, base, ours, theirs)) {
      case Merged.Ok<OrSet<String>> ok -> ok.value();
      case Merged.Conflict<OrSet<String>> c -> throw new AssertionError(c.reason());
    };
  }

  @Test
  void anAddConcurrentWithARemoveOfTheSameElementWins() {
    OrSet<String> base = OrSet.<String>empty().add("\\Seen", laptop);
    OrSet<String> removed = base.remove("\\Seen");
    OrSet<String> addedAgain = base.add("\\Seen", phone);
    assertThat(merged(base, removed, addedAgain).elements()).containsExactly("\\Seen");
    assertThat(merged(base, addedAgain, removed).elements()).containsExactly("\\Seen");
  }

  @Test
  void aRemoveOnOneSideRemovesWhatTheOtherSideLeftAlone() {
    OrSet<String> base = OrSet.<String>empty().add("a", laptop).add("b", laptop);
    OrSet<String> ours = base.remove("a");
    OrSet<String> theirs = base.add("c", phone);
    assertThat(merged(base, ours, theirs).elements()).isEqualTo(Set.of("b", "c"));
  }

  @Test
  void anElementAddedOnBothSidesIsInOnceWithBothTags() {
    OrSet<String> both = merged(
        OrSet.empty(),
        OrSet.<String>empty().add("a", laptop),
        OrSet.<String>empty().add("a", phone));
    assertThat(both.elements()).containsExactly("a");
    assertThat(both.pairs()).hasSize(2);
    assertThat(both.remove("a").elements()).isEmpty();
  }

  @Test
  void addingAgainKeepsOneTag() {
    OrSet<String> set = OrSet.<String>empty().add("a", laptop).add("a", laptop).add("a", laptop);
    assertThat(set.pairs()).hasSize(1);
  }

  @Test
  void encodesOneSortedLinePerTagWithElementsEscaped() {
    OrSet<String> set =
        OrSet.<String>empty().add("b", phone).add("two\nlines", laptop).add("a", laptop);
    assertThat(new String(C.encode(set), StandardCharsets.UTF_8))
        .isEqualTo("1000.1@laptop a\n2000.0@phone b\n1000.0@laptop two\\nlines\n");
  }

  @Test
  void decodingRefusesMalformedLines() {
    for (String bad : new String[] {"1.0@n a", "1.0@n\n", "a\n", "1.0@n a\\\n", "1.0@n a\\t\n"}) {
      Laws.refuses(C, bad);
    }
  }
}
