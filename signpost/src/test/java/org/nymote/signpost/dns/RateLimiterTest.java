package org.nymote.signpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void pastTheBurstEverySecondResponseSlipsAndTheRestAreDroppedUntilTokensComeBack()
      throws Exception {
    var limiter = new RateLimiter(5, 2);
    InetAddress client = InetAddress.getByName("192.0.2.1");
    List<RateLimiter.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      verdicts.add(limiter.check(client, 0));
    }
    assertThat(verdicts.subList(0, 5)).containsOnly(RateLimiter.Verdict.SEND);
    assertThat(verdicts.subList(5, 9))
        .containsExactly(
            RateLimiter.Verdict.DROP, RateLimiter.Verdict.SLIP,
            RateLimiter.Verdict.DROP, RateLimiter.Verdict.SLIP);
    // A neighbour in the same /24 shares the bucket; another network has its own.
    assertThat(limiter.check(InetAddress.getByName("192.0.2.200"), 0))
        .isNotEqualTo(RateLimiter.Verdict.SEND);
    assertThat(limiter.check(InetAddress.getByName("198.51.100.1"), 0))
        .isEqualTo(RateLimiter.Verdict.SEND);
    // A second later the bucket is full again.
    assertThat(limiter.check(client, 1_000_000_000L)).isEqualTo(RateLimiter.Verdict.SEND);
  }

  @Test
  void aRateOfZeroSendsEverything() throws Exception {
    var limiter = new RateLimiter(0, 2);
    InetAddress client = InetAddress.getByName("::1");
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.check(client, 0)).isEqualTo(RateLimiter.Verdict.SEND);
    }
  }
}
