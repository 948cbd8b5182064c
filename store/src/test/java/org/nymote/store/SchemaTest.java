package org.nymote.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nymote.store.types.Counter;
import org.nymote.store.types.StandardTypes;

class SchemaTest {
  @Test
  void theFirstMatchingRuleWinsAndUnmatchedPathsAreBytes() {
    Contents<Long> c = Counter.CONTENTS;
    Schema s = Schema.builder().rule("a/*/x", c).rule("a/**", Schema.BYTES).build();
    assertThat(s.contentsFor(Path.parse("a/b/x"))).isSameAs(c);
    assertThat(s.contentsFor(Path.parse("a/b/y"))).isSameAs(Schema.BYTES);
    assertThat(s.contentsFor(Path.parse("z"))).isSameAs(Schema.BYTES);
  }

  @Test
  void wildcardsInsideANameMatchBySuffixAndPrefix() {
    Schema s = StandardTypes.schema();
    assertThat(s.contentsFor(Path.parse("deep/down/visits.counter"))).isSameAs(Counter.CONTENTS);
    assertThat(s.contentsFor(Path.parse("top.counter"))).isSameAs(Counter.CONTENTS);
    assertThat(s.contentsFor(Path.parse("counter"))).isSameAs(Schema.BYTES);
    assertThat(s.contentsFor(Path.parse("x.counter.bak"))).isSameAs(Schema.BYTES);
    assertThat(s.contentsFor(Path.parse("p/profile.json")).name()).isEqualTo("json-record");
    Schema mid = Schema.builder().rule("a*b*c", Schema.BYTES).build();
    assertThat(mid.allIdempotent()).isTrue();
    assertThat(StandardTypes.schema().allIdempotent()).isFalse();
  }
}
