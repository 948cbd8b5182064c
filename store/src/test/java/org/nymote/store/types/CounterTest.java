package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nymote.store.Merged;

class CounterTest {
  @Test
  void encodesAsDecimalTextAndALineFeed() {
    assertThat(new String(Counter.CONTENTS.encode(-42L), StandardCharsets.UTF_8))
        .isEqualTo("-42\n");
  }

  @Test
  void tellsTheTreeMergeThatEqualSidesStillNeedMerging() {
    assertThat(Counter.CONTENTS.idempotent()).isFalse();
    assertThat(Laws.merge(Counter.CONTENTS, 5L, 6L, 6L)).isEqualTo(Merged.ok(7L));
  }

  @Test
  void incrementsOnBothSidesAddUp() {
    assertThat(Laws.merge(Counter.CONTENTS, 10L, 13L, 15L)).isEqualTo(Merged.ok(18L));
  }

  @Test
  void aCounterNewOnBothSidesSumsBothSides() {
    assertThat(Laws.merge(Counter.CONTENTS, Optional.empty(), 2L, 5L)).isEqualTo(Merged.ok(7L));
  }

  @Test
  void decodingRefusesNonCanonicalOrMalformedText() {
    for (String bad : new String[] {
      "", "42", "042\n", "+42\n", " 42\n", "4 2\n", "42\n\n", "x\n", "99999999999999999999\n"
    }) {
      Laws.refuses(Counter.CONTENTS, bad);
    }
  }
}
