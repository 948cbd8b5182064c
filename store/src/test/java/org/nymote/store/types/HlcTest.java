package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HlcTest {
  @Test
  void stampsOrderByPhysicalTimeThenCounterThenNode() {
    assertThat(new Hlc(2, 0, "a")).isGreaterThan(new Hlc(1, 9, "z"));
    assertThat(new Hlc(1, 2, "a")).isGreaterThan(new Hlc(1, 1, "z"));
    assertThat(new Hlc(1, 1, "b")).isGreaterThan(new Hlc(1, 1, "a"));
  }

  @Test
  void theTextFormIsPhysicalDotLogicalAtNode() {
    Hlc stamp = new Hlc(1767225600000L, 3, "lap.top@home");
    assertThat(stamp).hasToString("1767225600000.3@lap.top@home");
    assertThat(Hlc.parse(stamp.toString())).isEqualTo(stamp);
  }

  @Test
  void parsingRefusesWhatIsNotACanonicalStamp() {
    for (String bad : new String[] {
      "", "1.2", "1@n", "01.2@n", "1.02@n", "-1.2@n", "1.2@", "1.2@a b", "x.2@n", "1.2.3@n",
      "+1.2@n"
    }) {
      assertThatThrownBy(() -> Hlc.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
