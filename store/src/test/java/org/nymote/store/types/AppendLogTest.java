package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

class AppendLogTest {
  private static final Contents<AppendLog<String>> C = AppendLog.contents(TextCodec.strings());
  private final HybridClock laptop = new HybridClock("laptop", () -> Instant.ofEpochMilli(1_000));
  private final HybridClock phone = new HybridClock("phone", () -> Instant.ofEpochMilli(1_000));

  @Test
  void concurrentAppendsInterleaveByStampThenNode() {
    // 1000.0@laptop, then the phone's first stamp 1000.0@phone, then 1000.1@laptop.
    AppendLog<String> base = AppendLog.<String>empty().append("e0", "start", laptop);
    AppendLog<String> ours = base.append("e1", "from laptop", laptop);
    AppendLog<String> theirs = base.append("e2", "from phone", phone);
    var merged = Laws.merge(C, base, ours, theirs);
    assertThat(merged).isInstanceOf(Merged.Ok.class);
    var entries = ((Merged.Ok<AppendLog<String>>) merged).value().entries();
    assertThat(entries)
        .extracting(AppendLog.Entry::payload)
        .containsExactly("start", "from phone", "from laptop");
  }

  @Test
  void anEntryDroppedByOneSideAgainstTheRulesComesBack() {
    AppendLog<String> base = AppendLog.<String>empty().append("e0", "keep me", laptop);
    AppendLog<String> truncated = AppendLog.empty();
    assertThat(Laws.merge(C, base, truncated, base.append("e1", "more", phone)))
        .extracting(m -> ((Merged.Ok<AppendLog<String>>) m).value().entries().size())
        .isEqualTo(2);
  }

  @Test
  void twoPayloadsUnderOneStampAndIdAreAConflict() {
    Hlc stamp = new Hlc(1, 0, "n");
    var a = new AppendLog<>(List.of(new AppendLog.Entry<>(stamp, "id", "a")));
    var b = new AppendLog<>(List.of(new AppendLog.Entry<>(stamp, "id", "b")));
    assertThat(Laws.merge(C, AppendLog.empty(), a, b))
        .isEqualTo(Merged.conflict("the sides hold two different entries 1.0@n id"));
    assertThatThrownBy(() -> C.decode("1.0@n id a\n1.0@n id b\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodesOneLinePerEntryInLogOrder() {
    AppendLog<String> log =
        AppendLog.<String>empty().append("b", "second\nline", phone).append("a", "first", laptop);
    assertThat(new String(C.encode(log), StandardCharsets.UTF_8))
        .isEqualTo("1000.0@laptop a first\n1000.0@phone b second\\nline\n");
  }

  @Test
  void decodingRefusesMalformedLines() {
    for (String bad : new String[] {"1.0@n id", "1.0@n id\n", "1.0@n  x\n", "x id p\n"}) {
      Laws.refuses(C, bad);
    }
  }
}
