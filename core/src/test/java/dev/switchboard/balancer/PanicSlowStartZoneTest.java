package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.OutlierDetectionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Panic threshold, slow start and zone preference, on a fake ticker. */
class PanicSlowStartZoneTest {
  private static final OutlierDetectionPolicy EJECT_ANY =
      OutlierDetectionPolicy.builder().maxEjectionPercent(100).build();

  @Test
  void belowHalfHealthyPanicModeBalancesOverAllEndpoints() {
    List<Endpoint> es = BalancerHarness.endpoints(4);
    BalancingPolicy o = BalancingPolicy.builder().slowStartWindow(Duration.ZERO).outlierDetection(EJECT_ANY).build();
    try (BalancerHarness h = new BalancerHarness("least_request", o, 1).update(es)) {
      h.fail(es.get(0), 5);
      h.fail(es.get(1), 5);
      // 2 of 4 healthy = 50%: not below the threshold, so only the healthy two get traffic
      assertThat(h.distribution(1000).keySet()).containsExactlyInAnyOrder(es.get(2), es.get(3));
      h.fail(es.get(2), 5);
      // 1 of 4 = 25% < 50%: panic, every endpoint gets traffic again
      assertThat(h.distribution(1000).keySet()).containsExactlyInAnyOrderElementsOf(es);
      h.fail(es.get(3), 5);
      assertThat(h.distribution(1000).keySet()).containsExactlyInAnyOrderElementsOf(es);
    }
  }

  @Test
  void withPanicDisabledTheHealthyRemainderKeepsAllTraffic() {
    List<Endpoint> es = BalancerHarness.endpoints(4);
    BalancingPolicy o = BalancingPolicy.builder().slowStartWindow(Duration.ZERO).panicThresholdPercent(0)
        .outlierDetection(EJECT_ANY).build();
    try (BalancerHarness h = new BalancerHarness("round_robin", o, 1).update(es)) {
      h.fail(es.get(0), 5);
      h.fail(es.get(1), 5);
      h.fail(es.get(2), 5);
      assertThat(h.distribution(100).keySet()).containsExactly(es.get(3));
    }
  }

  @Test
  void aNewEndpointRampsFromTenPercentToItsFullShareOverTheWindow() {
    List<Endpoint> es = new ArrayList<>(BalancerHarness.endpoints(4));
    BalancingPolicy o = BalancingPolicy.builder().build(); // 30 s window from 10%
    try (BalancerHarness h = new BalancerHarness("round_robin", o, 9).update(es)) {
      assertThat(share(h, es.get(0))).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
      h.advance(Duration.ofSeconds(5)); // past the initial set's grace
      Endpoint added = Endpoint.of("10.0.0.5", 8080);
      es.add(added);
      h.update(es);
      // full share would be 20%
      assertThat(share(h, added)).isBetween(0.01, 0.03);     // ~10% of 20%
      h.advance(Duration.ofSeconds(15));
      assertThat(share(h, added)).isBetween(0.08, 0.12);     // ~50% of 20%
      h.advance(Duration.ofSeconds(15));
      assertThat(share(h, added)).isCloseTo(0.20, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void aReadmittedEndpointAlsoRampsUp() {
    List<Endpoint> es = BalancerHarness.endpoints(5);
    try (BalancerHarness h = new BalancerHarness("random", BalancingPolicy.defaults(), 9).update(es)) {
      h.fail(es.get(0), 5);
      h.advance(Duration.ofSeconds(30));
      assertThat(h.events).contains("readmitted 10.0.0.1:8080");
      assertThat(share(h, es.get(0))).isBetween(0.01, 0.06);
      h.advance(Duration.ofSeconds(30));
      assertThat(share(h, es.get(0))).isBetween(0.15, 0.25);
    }
  }

  @Test
  void theInitialSetStartsAtFullWeightEvenWhenItArrivesInPieces() {
    List<Endpoint> es = BalancerHarness.endpoints(4);
    try (BalancerHarness h = new BalancerHarness("random", BalancingPolicy.defaults(), 9)) {
      h.update(es.subList(0, 2));
      h.advance(Duration.ofSeconds(2)); // e.g. gRPC connections becoming ready one by one
      h.update(es);
      for (Endpoint e : es) {
        assertThat(share(h, e)).isBetween(0.22, 0.28);
      }
    }
  }

  @Test
  void prefersTheCallersZoneAndSpillsOverWhenItsHealthyShareDrops() {
    List<Endpoint> es = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      es.add(Endpoint.of("10.1.0." + i, 80).withZone("a"));
      es.add(Endpoint.of("10.2.0." + i, 80).withZone("b"));
    }
    BalancingPolicy o = BalancingPolicy.builder().zone("a").slowStartWindow(Duration.ZERO)
        .outlierDetection(EJECT_ANY).build();
    try (BalancerHarness h = new BalancerHarness("round_robin", o, 2).update(es)) {
      assertThat(h.distribution(600).keySet()).allMatch(e -> e.zone().equals("a")).hasSize(3);
      // a call can name another zone
      assertThat(h.distribution(600, i -> new PickContext(List.of(), null, "b")).keySet())
          .allMatch(e -> e.zone().equals("b"));
      // one of zone a's three ejected: 67% healthy < 70% threshold, spill over to every healthy endpoint
      h.fail(Endpoint.of("10.1.0.1", 80).withZone("a"), 5);
      Map<Endpoint, Integer> d = h.distribution(1000);
      assertThat(d.keySet()).hasSize(5).anyMatch(e -> e.zone().equals("b"))
          .doesNotContain(Endpoint.of("10.1.0.1", 80).withZone("a"));
      h.advance(Duration.ofSeconds(30));
      assertThat(h.distribution(600).keySet()).allMatch(e -> e.zone().equals("a")).hasSize(3);
    }
  }

  @Test
  void inAZoneWhereEveryLocalEndpointIsExcludedTheCallGoesElsewhere() {
    Endpoint a = Endpoint.of("10.1.0.1", 80).withZone("a");
    Endpoint b = Endpoint.of("10.2.0.1", 80).withZone("b");
    BalancingPolicy o = BalancingPolicy.builder().zone("a").slowStartWindow(Duration.ZERO).build();
    try (BalancerHarness h = new BalancerHarness("round_robin", o, 2).update(List.of(a, b))) {
      assertThat(h.pick()).isEqualTo(a);
      assertThat(h.pick(new PickContext(List.of(a), null, ""))).isEqualTo(b);
    }
  }

  private static double share(BalancerHarness h, Endpoint e) {
    int n = 20_000;
    return h.distribution(n).getOrDefault(e, 0) / (double) n;
  }
}
