package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.endpoint.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An endpoint backing off after {@code Retry-After} gives up its share to every other endpoint
 * evenly, inside the picker (issue 17: round robin used to hand it all to its neighbour).
 */
class BackOffSpreadTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"round_robin", "weighted_round_robin", "random", "least_request", "peak_ewma"})
  void theSharesOfTheOthersStayEqual(String policy) {
    List<Endpoint> es = BalancerHarness.endpoints(4);
    BalancingPolicy options = BalancingPolicy.builder().slowStartWindow(Duration.ZERO).build();
    try (BalancerHarness h = new BalancerHarness(policy, options, 9).update(es)) {
      h.stats.of(es.get(1)).backOffUntil(h.ticker.nanoTime() + Duration.ofSeconds(2).toNanos());
      int n = 9000;
      Map<Endpoint, Integer> d = h.distribution(n);
      assertThat(d).doesNotContainKey(es.get(1));
      for (Endpoint e : List.of(es.get(0), es.get(2), es.get(3))) {
        assertThat(d.get(e) / (double) n).as("%s", d).isCloseTo(1 / 3.0, within(0.02));
      }
    }
  }
}
