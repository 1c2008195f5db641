package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.switchboard.endpoint.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointStatsTest {
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final EndpointStatsRegistry registry = new EndpointStatsRegistry(now::get, Duration.ofSeconds(10));
  private final EndpointStats s = registry.of(Endpoint.of("h", 1));

  private static final double MS = 1e6;

  @Test
  void peakEwmaUsesTheDefaultUntilTheFirstSampleThenJumpsToAnyHigherSample() {
    assertThat(s.peakEwmaNanos(now.get(), 30 * MS)).isEqualTo(30 * MS);
    s.onStart();
    s.onEnd((long) (20 * MS), false);
    assertThat(s.peakEwmaNanos(now.get(), 30 * MS)).isEqualTo(20 * MS);
    now.addAndGet((long) (10 * MS));
    s.onStart();
    s.onEnd((long) (500 * MS), false);
    assertThat(s.peakEwmaNanos(now.get(), 30 * MS)).isEqualTo(500 * MS);
  }

  @Test
  void lowerSamplesBlendInWithWeightGivenByTheDecay() {
    s.onStart();
    s.onEnd((long) (100 * MS), false);
    now.addAndGet(Duration.ofSeconds(10).toNanos()); // one time constant: weight e^-1 for the old value
    s.onStart();
    s.onEnd((long) (10 * MS), false);
    double expected = 100 * MS * Math.exp(-1) + 10 * MS * (1 - Math.exp(-1));
    assertThat(s.peakEwmaNanos(now.get(), 0)).isCloseTo(expected, offset(1.0));
  }

  @Test
  void anIdleEndpointsLatencyDecaysTowardsZeroSoItIsProbedAgain() {
    s.onStart();
    s.onEnd((long) (300 * MS), false);
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    assertThat(s.peakEwmaNanos(now.get(), 0)).isCloseTo(300 * MS * Math.exp(-2), offset(1.0));
  }

  @Test
  void theFailureHookFiresOncePerStreakUntilRearmed() {
    List<String> fired = new ArrayList<>();
    registry.onConsecutiveFailures(3, st -> fired.add(st.address() + "@" + st.consecutiveFailures()));
    for (int i = 0; i < 6; i++) {
      s.onStart();
      s.onEnd(1, true);
    }
    assertThat(fired).containsExactly("h:1@3");
    s.rearmFailureSignal();
    s.onStart();
    s.onEnd(1, true);
    assertThat(fired).containsExactly("h:1@3", "h:1@7");
    s.resetConsecutiveFailures();
    assertThat(s.consecutiveFailures()).isZero();
  }
}
