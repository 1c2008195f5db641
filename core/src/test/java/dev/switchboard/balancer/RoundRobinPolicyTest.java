package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Timer;
import dev.switchboard.telemetry.TelemetryListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundRobinPolicyTest extends LoadBalancerPolicyContract {
  @Override
  String policy() {
    return "round_robin";
  }

  private final Endpoint a = Endpoint.of("a", 1);
  private final Endpoint b = Endpoint.of("b", 1);
  private final Endpoint c = Endpoint.of("c", 1);

  private LoadBalancer balancer() {
    SplittableRandom r = new SplittableRandom(1);
    return LoadBalancerPolicies.roundRobin().newBalancer(new BalancerContext("svc", new EndpointStatsRegistry(),
        () -> 0L, r::nextLong, Timer.system(), TelemetryListener.NOOP));
  }

  @Test
  void givesEachEndpointItsTurn() {
    LoadBalancer lb = balancer();
    lb.update(EndpointSet.of(a, b, c));
    Map<Endpoint, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      counts.merge(lb.picker().pick(PickContext.none()), 1, Integer::sum);
    }
    assertThat(counts).containsEntry(a, 100).containsEntry(b, 100).containsEntry(c, 100);
  }

  @Test
  void skipsExcludedEndpointsAndReturnsNullWhenAllAreExcluded() {
    LoadBalancer lb = balancer();
    lb.update(EndpointSet.of(a, b));
    for (int i = 0; i < 10; i++) {
      assertThat(lb.picker().pick(new PickContext(List.of(a), null, ""))).isEqualTo(b);
    }
    assertThat(lb.picker().pick(new PickContext(List.of(a, b), null, ""))).isNull();
  }

  @Test
  void emptySetExplainsWhyNothingCanBePicked() {
    LoadBalancer lb = balancer();
    assertThat(lb.picker().pick(PickContext.none())).isNull();
    assertThat(lb.picker().describeUnavailable()).contains("no endpoints discovered yet");
    lb.update(EndpointSet.empty());
    assertThat(lb.picker().describeUnavailable()).contains("discovery returned no endpoints");
  }

  @Test
  void unknownPolicyNamesAreRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> LoadBalancerPolicies.forName("fastest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"fastest\"").hasMessageContaining("round_robin");
  }
}
