package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.switchboard.endpoint.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Priority levels as failover order (RFC 2782, Envoy priority levels), with weights as shares
 * within a level, on a fake ticker and a seeded random. The scenario of the issue: priority 10 with
 * weights 30 and 10, priority 20 as the backup.
 */
class PriorityFailoverTest {
  private static final Endpoint A = new Endpoint("10.0.0.1", 80, 30, 10, "", Map.of());
  private static final Endpoint B = new Endpoint("10.0.0.2", 80, 10, 10, "", Map.of());
  private static final Endpoint C = new Endpoint("10.0.0.3", 80, 10, 20, "", Map.of());
  private static final List<Endpoint> SRV = List.of(A, B, C);
  private static final BalancingPolicy NO_RAMP = BalancingPolicy.builder().slowStartWindow(Duration.ZERO).build();

  private static double share(Map<Endpoint, Integer> d, Endpoint e, int n) {
    return d.getOrDefault(e, 0) / (double) n;
  }

  @Test
  void theDefaultPolicySendsEverythingToTheLowestPriorityInProportionToWeight() {
    try (BalancerHarness h = new BalancerHarness(NO_RAMP, new BalancerHarness.LockedRandom(1)).update(SRV)) {
      Map<Endpoint, Integer> d = h.distribution(4000);
      assertThat(d).doesNotContainKey(C);
      assertThat(share(d, A, 4000)).isCloseTo(0.75, offset(0.02));
      assertThat(share(d, B, 4000)).isCloseTo(0.25, offset(0.02));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"round_robin", "weighted_round_robin", "random", "least_request", "peak_ewma", "ring_hash"})
  void everyPolicyKeepsTheBackupLevelIdleWhileThePrimaryIsUsable(String policy) {
    try (BalancerHarness h = new BalancerHarness(policy, NO_RAMP, 7).update(SRV)) {
      Map<Endpoint, Integer> d = h.distribution(2000, i -> new PickContext(List.of(), "key-" + i, ""));
      assertThat(d).doesNotContainKey(C).doesNotContainKey(null).containsKeys(A, B);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"round_robin", "weighted_round_robin", "random", "least_request", "peak_ewma"})
  void idleTrafficSplitsByWeightUnderEveryPolicyThatWeighs(String policy) {
    int n = 20_000;
    try (BalancerHarness h = new BalancerHarness(policy, NO_RAMP, 11).update(SRV)) {
      Map<Endpoint, Integer> d = h.distribution(n);
      assertThat(share(d, A, n)).isCloseTo(0.75, offset(0.02));
      assertThat(share(d, B, n)).isCloseTo(0.25, offset(0.02));
    }
  }

  @Test
  void leastRequestComparesInFlightPerUnitOfCapacity() {
    int n = 20_000;
    try (BalancerHarness h = new BalancerHarness("least_request", NO_RAMP, 3).update(SRV)) {
      // A: 2 in flight / weight 30; B: 1 in flight / weight 10. Per unit of weight A is less loaded.
      h.stats.of(A).onStart();
      h.stats.of(A).onStart();
      h.stats.of(B).onStart();
      Map<Endpoint, Integer> d = h.distribution(n);
      // A: 2 x 20/30 = 1.33 per mean weight, B: 1 x 20/10 = 2, so A wins every mixed pair and B is
      // chosen only when both draws land on it (1/16); counting raw in-flight B would win them
      assertThat(share(d, A, n)).isCloseTo(0.9375, offset(0.01));
    }
  }

  @Test
  void peakEwmaPrefersTheFasterEndpointWhateverItsWeight() {
    int n = 20_000;
    try (BalancerHarness h = new BalancerHarness("peak_ewma", NO_RAMP, 3).update(SRV)) {
      h.record(A, Duration.ofMillis(20), false); // the heavier one is slower: it gets only its double draws
      h.record(B, Duration.ofMillis(10), false);
      Map<Endpoint, Integer> d = h.distribution(n);
      assertThat(share(d, A, n)).isCloseTo(0.5625, offset(0.01));
    }
  }

  @Test
  void peakEwmaCountsInFlightPerUnitOfCapacity() {
    int n = 20_000;
    try (BalancerHarness h = new BalancerHarness("peak_ewma", NO_RAMP, 3).update(SRV)) {
      h.record(A, Duration.ofMillis(10), false);
      h.record(B, Duration.ofMillis(10), false);
      h.stats.of(A).onStart(); // 10 ms x (2 x 20/30 + 1) = 23.3 beats 10 ms x (1 x 20/10 + 1) = 30
      h.stats.of(A).onStart();
      h.stats.of(B).onStart();
      Map<Endpoint, Integer> d = h.distribution(n);
      assertThat(share(d, A, n)).isCloseTo(0.9375, offset(0.01));
    }
  }

  @Test
  void theBackupTakesOverOnlyWhenEveryPrimaryEndpointIsEjectedAndGivesTrafficBackOnReadmission() {
    try (BalancerHarness h = new BalancerHarness(NO_RAMP, new BalancerHarness.LockedRandom(5)).update(SRV)) {
      h.fail(A, 5);
      assertThat(h.distribution(1000)).containsOnlyKeys(B); // one primary left: strict, no spill to the backup
      h.fail(B, 5);
      // the max-ejection bound (10%, at least one) holds within a level only while no later level can serve
      assertThat(h.events).anyMatch(e -> e.startsWith("ejected 10.0.0.2:80"));
      assertThat(h.distribution(1000)).containsOnlyKeys(C);
      h.advance(Duration.ofSeconds(30));
      assertThat(h.events).contains("readmitted 10.0.0.1:80", "readmitted 10.0.0.2:80");
      assertThat(h.distribution(400)).containsOnlyKeys(A, B);
    }
  }

  @Test
  void withOnlyOneLevelTheMaxEjectionBoundIsUnchanged() {
    List<Endpoint> one = List.of(A.withPriority(0), B.withPriority(0));
    try (BalancerHarness h = new BalancerHarness(NO_RAMP, new BalancerHarness.LockedRandom(5)).update(one)) {
      h.fail(one.get(0), 5);
      h.fail(one.get(1), 5);
      assertThat(h.events).filteredOn(e -> e.startsWith("ejected")).hasSize(1);
    }
  }

  @Test
  void aCallThatAlreadyTriedEveryPrimaryGoesToTheBackupRatherThanNowhere() {
    try (BalancerHarness h = new BalancerHarness(NO_RAMP, new BalancerHarness.LockedRandom(5)).update(SRV)) {
      assertThat(h.pick(new PickContext(List.of(A, B), null, ""))).isEqualTo(C);
      assertThat(h.pick(new PickContext(List.of(A, B, C), null, ""))).isNull();
    }
  }

  @Test
  void primariesAskingToBackOffAreSkippedForTheBackupBeforeAnyoneBacksOffIsPicked() {
    try (BalancerHarness h = new BalancerHarness(NO_RAMP, new BalancerHarness.LockedRandom(5)).update(SRV)) {
      long until = h.ticker.nanoTime() + Duration.ofSeconds(5).toNanos();
      h.stats.of(A).backOffUntil(until);
      h.stats.of(B).backOffUntil(until);
      assertThat(h.distribution(100)).containsOnlyKeys(C);
      h.stats.of(C).backOffUntil(until);
      assertThat(h.distribution(400)).containsOnlyKeys(A, B); // everyone backs off: the preferred level again
    }
  }

  @Test
  void aHealthyBackupIsPreferredToPanicOnAMostlyEjectedPrimary() {
    List<Endpoint> primary = BalancerHarness.endpoints(4);
    Endpoint backup = Endpoint.of("10.9.0.1", 80).withPriority(1);
    List<Endpoint> all = new java.util.ArrayList<>(primary);
    all.add(backup);
    try (BalancerHarness h = new BalancerHarness(NO_RAMP, new BalancerHarness.LockedRandom(5)).update(all)) {
      h.fail(primary.get(0), 5);
      h.fail(primary.get(1), 5);
      h.fail(primary.get(2), 5);
      // 1 of 4 primaries healthy would be panic without a fallback; with one, the healthy primary serves
      assertThat(h.distribution(200)).containsOnlyKeys(primary.get(3));
    }
  }

  @Test
  void withNothingHealthyAnywherePanicBalancesOverTheLowestLevel() {
    BalancingPolicy o = NO_RAMP.toBuilder()
        .outlierDetection(dev.switchboard.health.OutlierDetectionPolicy.builder().maxEjectionPercent(100).build())
        .build();
    try (BalancerHarness h = new BalancerHarness(o, new BalancerHarness.LockedRandom(5)).update(SRV)) {
      h.fail(A, 5);
      h.fail(B, 5);
      h.fail(C, 5);
      assertThat(h.distribution(400)).containsOnlyKeys(A, B);
    }
  }

  @Test
  void zonePreferenceAppliesWithinTheActiveLevel() {
    Endpoint a1 = new Endpoint("10.1.0.1", 80, 1, 0, "a", Map.of());
    Endpoint a2 = new Endpoint("10.1.0.2", 80, 1, 0, "a", Map.of());
    Endpoint b1 = new Endpoint("10.2.0.1", 80, 1, 0, "b", Map.of());
    Endpoint backupA = new Endpoint("10.3.0.1", 80, 1, 1, "a", Map.of());
    BalancingPolicy o = NO_RAMP.toBuilder().zone("a").build();
    try (BalancerHarness h = new BalancerHarness(o, new BalancerHarness.LockedRandom(5))
        .update(List.of(a1, a2, b1, backupA))) {
      assertThat(h.distribution(600)).containsOnlyKeys(a1, a2);
      assertThat(h.distribution(600, i -> new PickContext(List.of(), null, "b"))).containsOnlyKeys(b1);
    }
  }
}
