package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.OutlierDetectionPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierEjectionTest {
  private static BalancerHarness harness(OutlierDetectionPolicy outlier) {
    return new BalancerHarness("round_robin", BalancingPolicy.builder().slowStartWindow(Duration.ZERO)
        .outlierDetection(outlier).build(), 5);
  }

  @Test
  void ejectsAfterFiveConsecutiveFailuresButNotAfterFour() {
    List<Endpoint> es = BalancerHarness.endpoints(10);
    try (BalancerHarness h = harness(OutlierDetectionPolicy.defaults()).update(es)) {
      h.fail(es.get(0), 4);
      h.record(es.get(0), Duration.ofMillis(1), false); // a success breaks the streak
      h.fail(es.get(0), 4);
      assertThat(h.distribution(100)).containsKey(es.get(0));
      h.fail(es.get(0), 1);
      assertThat(h.distribution(1000)).doesNotContainKey(es.get(0)).hasSize(9);
      assertThat(h.events).containsExactly("ejected 10.0.0.1:8080 for 30s: 5 consecutive failures");
    }
  }

  @Test
  void readmitsAfterTheBaseEjectionTimeAndEjectsLongerTheSecondTime() {
    List<Endpoint> es = BalancerHarness.endpoints(10);
    try (BalancerHarness h = harness(OutlierDetectionPolicy.defaults()).update(es)) {
      h.fail(es.get(0), 5);
      h.advance(Duration.ofMillis(29_999));
      assertThat(h.distribution(1000)).doesNotContainKey(es.get(0));
      h.advance(Duration.ofMillis(1));
      assertThat(h.distribution(1000)).containsKey(es.get(0));
      assertThat(h.events).containsExactly(
          "ejected 10.0.0.1:8080 for 30s: 5 consecutive failures", "readmitted 10.0.0.1:8080");

      h.fail(es.get(0), 5); // within the next interval: the ejection count has not decayed yet
      assertThat(h.events.get(2)).isEqualTo("ejected 10.0.0.1:8080 for 60s: 5 consecutive failures");
      h.advance(Duration.ofSeconds(59));
      assertThat(h.distribution(1000)).doesNotContainKey(es.get(0));
      h.advance(Duration.ofSeconds(1));
      assertThat(h.distribution(1000)).containsKey(es.get(0));
    }
  }

  @Test
  void ejectionTimeIsBaseTimesCountCappedAtTheMaximum() {
    OutlierDetectionPolicy o = OutlierDetectionPolicy.defaults();
    assertThat(o.ejectionTime(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.ejectionTime(4)).isEqualTo(Duration.ofSeconds(120));
    assertThat(o.ejectionTime(11)).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void neverEjectsMoreThanMaxEjectionPercentButAlwaysAtLeastOne() {
    List<Endpoint> es = BalancerHarness.endpoints(10); // 10% of 10 = 1
    try (BalancerHarness h = harness(OutlierDetectionPolicy.defaults()).update(es)) {
      h.fail(es.get(0), 5);
      h.fail(es.get(1), 5);
      h.fail(es.get(1), 3); // refused ejections are retried on later failures, still refused
      assertThat(h.distribution(1000)).doesNotContainKey(es.get(0)).containsKey(es.get(1));
      assertThat(h.events).hasSize(1);

      h.advance(Duration.ofSeconds(30)); // the first is readmitted: room for the second
      h.fail(es.get(1), 1);
      assertThat(h.distribution(1000)).containsKey(es.get(0)).doesNotContainKey(es.get(1));
    }
    List<Endpoint> three = BalancerHarness.endpoints(3); // 10% of 3 rounds to 0: one is still allowed
    try (BalancerHarness h = harness(OutlierDetectionPolicy.defaults()).update(three)) {
      h.fail(three.get(2), 5);
      h.fail(three.get(1), 5);
      assertThat(h.distribution(300).keySet()).containsExactlyInAnyOrder(three.get(0), three.get(1));
    }
  }

  @Test
  void ejectsAnEndpointWhoseSuccessRateIsFarBelowItsPeers() {
    List<Endpoint> es = BalancerHarness.endpoints(6);
    OutlierDetectionPolicy o = OutlierDetectionPolicy.builder().consecutiveFailures(0).latencyFactor(0)
        .maxEjectionPercent(50).build();
    try (BalancerHarness h = harness(o).update(es)) {
      for (int i = 0; i < 200; i++) {
        for (Endpoint e : es) {
          // endpoint 6 fails every other request: never 5 in a row, but a 50% success rate
          h.record(e, Duration.ofMillis(2), e.equals(es.get(5)) && i % 2 == 0);
        }
      }
      assertThat(h.events).isEmpty();
      h.advance(Duration.ofSeconds(10));
      assertThat(h.events).singleElement().asString()
          .startsWith("ejected 10.0.0.6:8080 for 30s: success rate 50.0% below");
    }
  }

  @Test
  void oneFailureInAThousandAmongPerfectPeersIsNotAnOutlier() {
    List<Endpoint> es = BalancerHarness.endpoints(5);
    OutlierDetectionPolicy o = OutlierDetectionPolicy.builder().consecutiveFailures(0).latencyFactor(0)
        .maxEjectionPercent(50).build();
    try (BalancerHarness h = harness(o).update(es)) {
      for (int i = 0; i < 1000; i++) {
        for (Endpoint e : es) {
          h.record(e, Duration.ofMillis(2), e.equals(es.get(4)) && i == 500); // 99.9% vs 100%
        }
      }
      h.advance(Duration.ofSeconds(10));
      assertThat(h.events).isEmpty(); // Envoy's mean - 1.9 x stdev alone would eject it
    }
  }

  @Test
  void successRateNeedsFiveHostsWithAHundredRequests() {
    List<Endpoint> es = BalancerHarness.endpoints(6);
    OutlierDetectionPolicy o = OutlierDetectionPolicy.builder().consecutiveFailures(0).latencyFactor(0).build();
    try (BalancerHarness h = harness(o).update(es)) {
      for (int i = 0; i < 99; i++) { // one short of the request volume
        for (Endpoint e : es) {
          h.record(e, Duration.ofMillis(2), e.equals(es.get(5)) && i % 2 == 0);
        }
      }
      h.advance(Duration.ofSeconds(10));
      assertThat(h.events).isEmpty();
    }
  }

  @Test
  void ejectsByFailurePercentageWhenEnabled() {
    List<Endpoint> es = BalancerHarness.endpoints(5);
    OutlierDetectionPolicy o = OutlierDetectionPolicy.builder().consecutiveFailures(0).latencyFactor(0)
        .successRateStdevFactor(0).failurePercentageThreshold(40).maxEjectionPercent(100).build();
    try (BalancerHarness h = harness(o).update(es)) {
      for (int i = 0; i < 60; i++) {
        for (Endpoint e : es) {
          h.record(e, Duration.ofMillis(2), e.equals(es.get(2)) && i % 2 == 0);
        }
      }
      h.advance(Duration.ofSeconds(10));
      assertThat(h.events).containsExactly(
          "ejected 10.0.0.3:8080 for 30s: 50.0% of 60 requests failed (threshold 40%)");
    }
  }

  @Test
  void ejectsALatencyOutlierOnlyAfterItStaysFarAboveItsPeersForTwoIntervals() {
    List<Endpoint> es = BalancerHarness.endpoints(5);
    OutlierDetectionPolicy o = OutlierDetectionPolicy.builder().consecutiveFailures(0)
        .successRateStdevFactor(0).interval(Duration.ofSeconds(5)).build();
    try (BalancerHarness h = harness(o).update(es)) {
      Runnable oneInterval = () -> {
        for (int i = 0; i < 50; i++) {
          for (Endpoint e : es) {
            h.record(e, Duration.ofMillis(e.equals(es.get(1)) ? 200 : 20), false);
          }
          h.advance(Duration.ofMillis(100));
        }
      };
      oneInterval.run();
      assertThat(h.events).isEmpty();
      oneInterval.run();
      assertThat(h.events).singleElement().asString()
          .matches("ejected 10.0.0.2:8080 for 30s: latency EWMA 19\\d\\.\\d ms above 3\\.0 x the peers' median 19\\.\\d ms for 2 intervals");
      assertThat(h.distribution(500)).doesNotContainKey(es.get(1));
    }
  }

  @Test
  void aSingleSlowSpikeDoesNotEjectAndSmallAbsoluteGapsNeverDo() {
    List<Endpoint> es = BalancerHarness.endpoints(5);
    OutlierDetectionPolicy o = OutlierDetectionPolicy.builder().consecutiveFailures(0)
        .successRateStdevFactor(0).interval(Duration.ofSeconds(5)).build();
    try (BalancerHarness h = harness(o).update(es)) {
      for (int interval = 0; interval < 4; interval++) {
        for (int i = 0; i < 50; i++) {
          for (Endpoint e : es) {
            // endpoint 2 is 5x slower but only 5 ms in absolute terms: below the 10 ms floor
            h.record(e, Duration.ofMillis(e.equals(es.get(1)) ? 5 : 1), false);
          }
          h.advance(Duration.ofMillis(100));
        }
      }
      assertThat(h.events).isEmpty();
    }
  }
}
