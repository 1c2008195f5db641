package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.endpoint.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {
  @Test
  void sharesFollowWeightsExactlyOverWholeRotations() {
    Endpoint a = Endpoint.of("10.0.0.1", 1).withWeight(5);
    Endpoint b = Endpoint.of("10.0.0.2", 1).withWeight(3);
    Endpoint c = Endpoint.of("10.0.0.3", 1).withWeight(2);
    try (BalancerHarness h = new BalancerHarness("weighted_round_robin",
        BalancingPolicy.builder().slowStartWindow(Duration.ZERO).build(), 1)) {
      h.update(List.of(a, b, c));
      Map<Endpoint, Integer> d = h.distribution(10_000);
      assertThat(d).containsEntry(a, 5000).containsEntry(b, 3000).containsEntry(c, 2000);
    }
  }

  @Test
  void theScheduleInterleavesHeavyEndpointsInsteadOfBunchingThem() {
    // weights 5,1,1: EDF with half-slot offsets gives no run of a's longer than 3
    String s = toString(dev.switchboard.balancer.internal.WrrScheduleProbe.schedule(new int[] {5, 1, 1}));
    assertThat(s).hasSize(7).doesNotContain("aaaa");
    assertThat(s.chars().filter(ch -> ch == 'a').count()).isEqualTo(5);
  }

  @Test
  void hugeWeightsAreScaledSoTheScheduleStaysBounded() {
    int[] slots = dev.switchboard.balancer.internal.WrrScheduleProbe.schedule(new int[] {1_000_000, 999_999, 1});
    assertThat(slots.length).isLessThanOrEqualTo((1 << 16) + 3);
    long last = java.util.Arrays.stream(slots).filter(i -> i == 2).count();
    assertThat(last).isEqualTo(1); // the tiny weight keeps one slot
  }

  private static String toString(int[] slots) {
    StringBuilder sb = new StringBuilder();
    for (int i : slots) {
      sb.append((char) ('a' + i));
    }
    return sb.toString();
  }
}
