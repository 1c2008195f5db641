package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.health.OutlierDetectionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every balancing policy passes. Subclasses name the policy; policies that need a
 * per-request input (ring_hash's hash key) override {@link #context}.
 */
abstract class LoadBalancerPolicyContract {
  private final List<BalancerHarness> harnesses = new ArrayList<>();

  /** The policy under test. */
  abstract String policy();

  /** The pick context of the {@code i}-th request, without exclusions. */
  PickContext context(int i) {
    return PickContext.none();
  }

  PickContext excluding(int i, Endpoint... excluded) {
    return new PickContext(List.of(excluded), context(i).hashKey(), "");
  }

  BalancerHarness harness(BalancingPolicy options) {
    BalancerHarness h = new BalancerHarness(policy(), options, 42);
    harnesses.add(h);
    return h;
  }

  BalancerHarness harness() {
    return harness(BalancingPolicy.builder().slowStartWindow(Duration.ZERO).build());
  }

  @AfterEach
  void closeHarnesses() {
    harnesses.forEach(BalancerHarness::close);
  }

  @Test
  void pickerBeforeTheFirstUpdatePicksNothingAndSaysWhy() {
    BalancerHarness h = harness();
    assertThat(h.pick(context(0))).isNull();
    assertThat(h.balancer.picker().describeUnavailable()).contains("no endpoints discovered yet");
  }

  @Test
  void emptyEndpointSetPicksNothingAndSaysDiscoveryReturnedNone() {
    BalancerHarness h = harness().update(BalancerHarness.endpoints(3)).update(List.of());
    assertThat(h.pick(context(0))).isNull();
    assertThat(h.balancer.picker().describeUnavailable()).contains("discovery returned no endpoints for svc");
  }

  @Test
  void aSetOfOneIsAlwaysPickedUnlessTheCallExcludedIt() {
    Endpoint only = Endpoint.of("10.0.0.9", 80);
    BalancerHarness h = harness().update(List.of(only));
    for (int i = 0; i < 100; i++) {
      assertThat(h.pick(context(i))).isEqualTo(only);
    }
    assertThat(h.pick(excluding(0, only))).isNull();
  }

  @Test
  void picksOnlyFromTheCurrentSetAndGivesEveryEndpointTraffic() {
    List<Endpoint> first = BalancerHarness.endpoints(5);
    BalancerHarness h = harness().update(first);
    assertThat(h.distribution(2000, this::context).keySet()).containsExactlyInAnyOrderElementsOf(first);

    List<Endpoint> second = List.of(first.get(0), Endpoint.of("10.0.1.1", 9090), Endpoint.of("10.0.1.2", 9090));
    h.update(second);
    assertThat(h.distribution(2000, this::context).keySet()).containsExactlyInAnyOrderElementsOf(second);
  }

  @Test
  void neverPicksAnExcludedEndpointWhileAnotherIsEligible() {
    List<Endpoint> es = BalancerHarness.endpoints(4);
    BalancerHarness h = harness().update(es);
    for (int i = 0; i < 1000; i++) {
      Endpoint e = h.pick(excluding(i, es.get(0), es.get(2)));
      assertThat(e).isIn(es.get(1), es.get(3));
    }
    assertThat(h.pick(excluding(0, es.toArray(new Endpoint[0])))).isNull();
  }

  @Test
  void skipsEndpointsBackingOffAfterPushbackUnlessNothingElseIsLeft() {
    List<Endpoint> es = BalancerHarness.endpoints(3);
    BalancerHarness h = harness().update(es);
    h.stats.of(es.get(1)).backOffUntil(h.ticker.nanoTime() + Duration.ofSeconds(5).toNanos());
    assertThat(h.distribution(1000, this::context)).doesNotContainKey(es.get(1)).doesNotContainKey(null);
    // Everything else excluded: better a backing-off endpoint than none.
    assertThat(h.pick(excluding(0, es.get(0), es.get(2)))).isEqualTo(es.get(1));
    h.advance(Duration.ofSeconds(5));
    assertThat(h.distribution(2000, this::context)).containsKey(es.get(1));
  }

  @Test
  void anEndpointWithFiveConsecutiveFailuresGetsNoTraffic() {
    List<Endpoint> es = BalancerHarness.endpoints(10);
    BalancerHarness h = harness().update(es);
    h.fail(es.get(3), 5);
    assertThat(h.distribution(2000, this::context)).doesNotContainKey(es.get(3)).doesNotContainKey(null);
    assertThat(h.events).anyMatch(e -> e.startsWith("ejected 10.0.0.4:8080 for 30s: 5 consecutive failures"));
  }

  @Test
  void zeroHealthyEndpointsWithPanicDisabledNamesEachEjectedEndpointAndWhy() {
    List<Endpoint> es = BalancerHarness.endpoints(2);
    BalancerHarness h = harness(BalancingPolicy.builder().panicThresholdPercent(0).slowStartWindow(Duration.ZERO)
        .outlierDetection(OutlierDetectionPolicy.builder().maxEjectionPercent(100).build()).build());
    h.update(es);
    h.fail(es.get(0), 5);
    h.fail(es.get(1), 7);
    assertThat(h.pick(context(0))).isNull();
    assertThat(h.balancer.picker().describeUnavailable())
        .contains("all 2 endpoints of svc are unavailable and panic mode is disabled")
        .contains("10.0.0.1:8080 ejected (5 consecutive failures)")
        .contains("10.0.0.2:8080 ejected (5 consecutive failures)")
        .contains("readmitted in 30000 ms");
  }

  @Test
  void anOldPickerKeepsPickingFromItsOwnSnapshotAfterAnUpdate() {
    List<Endpoint> es = BalancerHarness.endpoints(3);
    BalancerHarness h = harness().update(es);
    Picker old = h.balancer.picker();
    h.update(List.of(Endpoint.of("10.9.9.9", 1)));
    for (int i = 0; i < 200; i++) {
      assertThat(old.pick(context(i))).isIn(es);
    }
    assertThat(h.pick(context(0))).isEqualTo(Endpoint.of("10.9.9.9", 1));
  }

  @Test
  void manyThreadsPickConcurrentlyWithoutErrorsOrNulls() throws Exception {
    List<Endpoint> es = BalancerHarness.endpoints(20);
    BalancerHarness h = harness().update(es);
    Set<Endpoint> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger nulls = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(4);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t * 10_000;
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < 10_000; i++) {
            Endpoint e = h.pick(context(offset + i));
            if (e == null) {
              nulls.incrementAndGet();
            } else {
              seen.add(e);
              EndpointStats s = h.stats.of(e);
              s.onStart();
              s.onEnd(30_000_000, false); // the default RTT: no endpoint looks faster than an unmeasured one
            }
          }
        } finally {
          done.countDown();
        }
      });
      threads.add(thread);
      thread.start();
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(nulls.get()).isZero();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(es);
    for (Endpoint e : es) {
      assertThat(h.stats.of(e).inFlight()).isZero();
    }
  }

  @Test
  void statisticsOfRemovedEndpointsAreDropped() {
    List<Endpoint> es = BalancerHarness.endpoints(4);
    BalancerHarness h = harness().update(es);
    h.update(es.subList(0, 2));
    assertThat(h.stats.size()).isEqualTo(2);
    Map<Endpoint, Integer> d = h.distribution(500, this::context);
    assertThat(d.keySet()).containsExactlyInAnyOrderElementsOf(es.subList(0, 2));
  }
}
