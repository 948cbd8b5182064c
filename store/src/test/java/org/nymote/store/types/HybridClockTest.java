package org.nymote.store.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {
  private final AtomicLong wall = new AtomicLong(1_000);
  private final HybridClock clock =
      new HybridClock("laptop", () -> Instant.ofEpochMilli(wall.get()));

  @Test
  void stampsCarryThePhysicalTimeWhileItMovesForward() {
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 0, "laptop"));
    wall.set(1_005);
    assertThat(clock.now()).isEqualTo(new Hlc(1_005, 0, "laptop"));
  }

  @Test
  void stampsWithinOneMillisecondCountUp() {
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 0, "laptop"));
    assertThat(clock.now()).isEqualTo(new Hlc(1_000, 1, "laptop"));
  }

  @Test
  void stampsKeepIncreasingWhenThePhysicalClockStepsBack() {
    Hlc before = clock.now();
    wall.set(10);
    Hlc after = clock.now();
    assertThat(after).isGreaterThan(before);
    assertThat(after.physical()).isEqualTo(1_000);
  }

  @Test
  void observingARemoteStampFromTheFutureMovesTheClockPastIt() {
    Hlc remote = new Hlc(5_000, 7, "phone");
    Hlc received = clock.observe(remote);
    assertThat(received).isEqualTo(new Hlc(5_000, 8, "laptop"));
    assertThat(clock.now()).isGreaterThan(received);
  }

  @Test
  void observingAnOldRemoteStampStillAdvancesTheClock() {
    Hlc first = clock.now();
    Hlc received = clock.observe(new Hlc(10, 3, "phone"));
    assertThat(received).isGreaterThan(first).isEqualTo(new Hlc(1_000, 1, "laptop"));
  }

  @Test
  void observingARemoteStampOfTheSameMillisecondCountsPastBoth() {
    clock.now();
    clock.now();
    Hlc received = clock.observe(new Hlc(1_000, 9, "phone"));
    assertThat(received).isEqualTo(new Hlc(1_000, 10, "laptop"));
  }

  @Test
  void threadsSharingAClockNeverReceiveTheSameStamp() throws Exception {
    Set<Hlc> seen = ConcurrentHashMap.newKeySet();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < 1_000; i++) {
            seen.add(i % 2 == 0 ? clock.now() : clock.observe(new Hlc(1_000, i, "phone")));
          }
        }));
      }
      for (var task : tasks) {
        task.get();
      }
    }
    assertThat(seen).hasSize(8_000);
  }

  @Test
  void aNodeIdWithSpacesIsRefused() {
    assertThatThrownBy(() -> new HybridClock("my laptop"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
