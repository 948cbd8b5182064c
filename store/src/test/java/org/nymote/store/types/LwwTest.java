package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class LwwTest {
  private static final Contents<Lww<String>> C = Lww.contents(TextCodec.strings());

  @Test
  void aTieOnTimeAndCounterGoesToTheGreaterNodeId() {
    Lww<String> fromA = new Lww<>("from a", new Hlc(1_000, 2, "a"));
    Lww<String> fromB = new Lww<>("from b", new Hlc(1_000, 2, "b"));
    assertThat(Laws.merge(C, fromA, fromA, fromB)).isEqualTo(Merged.ok(fromB));
    assertThat(Laws.merge(C, fromA, fromB, fromA)).isEqualTo(Merged.ok(fromB));
  }

  @Test
  void anOverwriteWinsEvenFromANodeWhoseClockIsBehind() {
    Lww<String> old = new Lww<>("old", new Hlc(9_000, 0, "fast"));
    HybridClock slow = new HybridClock("slow", () -> Instant.ofEpochMilli(1_000));
    Lww<String> overwrite = old.set("new", slow);
    assertThat(overwrite.stamp()).isGreaterThan(old.stamp());
    assertThat(Laws.merge(C, old, overwrite, old)).isEqualTo(Merged.ok(overwrite));
  }

  @Test
  void twoDifferentValuesUnderOneStampAreAConflict() {
    Hlc stamp = new Hlc(1, 0, "n");
    assertThat(Laws.merge(C, new Lww<>("x", stamp), new Lww<>("a", stamp), new Lww<>("b", stamp)))
        .isInstanceOf(Merged.Conflict.class);
  }

  @Test
  void encodesTheStampLineThenTheValue() {
    var bytes = C.encode(new Lww<>("two\nlines", new Hlc(1767225600000L, 0, "laptop")));
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("1767225600000.0@laptop\ntwo\nlines\n");
  }

  @Test
  void decodingRefusesARegisterWithoutStampOrValue() {
    for (String bad : new String[] {"", "1.0@n", "1.0@n\n", "1.0@n\nvalue", "x\nvalue\n"}) {
      Laws.refuses(C, bad);
    }
  }

  @Test
  void registersOfCountersDecodeTheirValueStrictly() {
    Contents<Lww<Long>> longs = Lww.contents(TextCodec.longs());
    Laws.refuses(longs, "1.0@n\n07\n");
    assertThat(longs.decode("1.0@n\n7\n".getBytes(StandardCharsets.UTF_8)).value())
        .isEqualTo(7L);
  }
}
