package dev.switchboard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HedgeDelayTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final Ticker ticker = now::get;
  private final SplittableRandom random = new SplittableRandom(42);

  private void recordUniform(HedgeDelay d, int n, long minMicros, long maxMicros) {
    for (int i = 0; i < n; i++) {
      d.record(random.nextLong(minMicros, maxMicros + 1) * 1000);
    }
  }

  private static Duration micros(long us) {
    return Duration.ofNanos(us * 1000);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aFixedDelayIsJustThatAndIgnoresLatencies() {
    HedgeDelay d = HedgeDelay.create(HedgingPolicy.fixed(Duration.ofMillis(10)), ticker);
    d.record(Duration.ofSeconds(3).toNanos());
    assertThat(d.current()).isEqualTo(Duration.ofMillis(10));
    assertThat(d.samples()).isZero();
  }

  @Test
  void theCeilingIsUsedUntilTheWindowHoldsMinSamples() {
    HedgeDelay d = HedgeDelay.create(HedgingPolicy.builder().minSamples(100).build(), ticker);
    recordUniform(d, 99, 1_000, 5_000);
    advance(HedgeDelay.REFRESH);
    assertThat(d.current()).isEqualTo(Duration.ofSeconds(1));
    d.record(3_000_000);
    advance(HedgeDelay.REFRESH);
    assertThat(d.current()).isLessThan(Duration.ofMillis(6));
  }

  @Test
  void theAdaptiveDelayTracksAChangingLatencyDistribution() {
    HedgeDelay d = HedgeDelay.create(HedgingPolicy.adaptive(95), ticker); // 10 s window
    // Phase 1: 1..5 ms uniform; p95 = 4.8 ms.
    for (int s = 0; s < 10; s++) {
      recordUniform(d, 1000, 1_000, 5_000);
      advance(Duration.ofSeconds(1));
    }
    assertThat(d.current()).isBetween(micros(4_800), micros(4_800 * 1125 / 1000));

    // Phase 2: the service slows to 40..60 ms; within one window the old samples are gone.
    for (int s = 0; s < 11; s++) {
      recordUniform(d, 1000, 40_000, 60_000);
      advance(Duration.ofSeconds(1));
    }
    assertThat(d.current()).isBetween(Duration.ofMillis(59), micros(59_000 * 1125 / 1000));

    // Half-way through a further change the percentile sits between the two.
    for (int s = 0; s < 5; s++) {
      recordUniform(d, 1000, 8_000, 10_000);
      advance(Duration.ofSeconds(1));
    }
    assertThat(d.current()).isBetween(Duration.ofMillis(40), Duration.ofMillis(68));
    for (int s = 0; s < 6; s++) {
      recordUniform(d, 1000, 8_000, 10_000);
      advance(Duration.ofSeconds(1));
    }
    assertThat(d.current()).isBetween(micros(9_900), micros(9_900 * 1125 / 1000));
  }

  @Test
  void theAdaptiveDelayIsClampedToItsFloorAndCeiling() {
    HedgeDelay d = HedgeDelay.create(HedgingPolicy.builder().minSamples(10)
        .minDelay(Duration.ofMillis(2)).maxDelay(Duration.ofMillis(100)).build(), ticker);
    recordUniform(d, 1000, 10, 50); // microseconds
    advance(HedgeDelay.REFRESH);
    assertThat(d.current()).isEqualTo(Duration.ofMillis(2));
    advance(Duration.ofSeconds(11));
    recordUniform(d, 1000, 3_000_000, 4_000_000); // seconds
    advance(HedgeDelay.REFRESH);
    assertThat(d.current()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void theDelayIsRecomputedAtMostOncePerRefreshInterval() {
    HedgeDelay d = HedgeDelay.create(HedgingPolicy.builder().minSamples(10).build(), ticker);
    recordUniform(d, 100, 1_000, 2_000);
    advance(HedgeDelay.REFRESH);
    Duration first = d.current();
    recordUniform(d, 10_000, 50_000, 60_000);
    assertThat(d.current()).isEqualTo(first); // cached
    advance(HedgeDelay.REFRESH);
    assertThat(d.current()).isGreaterThan(Duration.ofMillis(50));
  }
}
