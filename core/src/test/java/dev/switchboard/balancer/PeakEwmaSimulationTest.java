package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.OutlierDetectionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded discrete-event simulation on a fake ticker, no sockets: requests arrive at a fixed rate,
 * each holds its endpoint for that endpoint's latency, and completions update the real
 * {@link EndpointStats}. One replica of ten is ten times slower than its peers.
 */
class PeakEwmaSimulationTest {
  private static final int REPLICAS = 10;
  private static final long FAST_MS = 30;
  private static final long SLOW_MS = 300;

  @Test
  void peakEwmaStarvesATenTimesSlowerReplicaWhileRoundRobinGivesItOneNth() {
    double ewmaShare = slowShare("peak_ewma");
    double roundRobinShare = slowShare("round_robin");

    assertThat(ewmaShare).isLessThan(0.05);
    assertThat(roundRobinShare).isCloseTo(1.0 / REPLICAS, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void leastRequestAlsoShiftsTrafficAwayFromTheSlowReplicaButLessThanPeakEwma() {
    double lr = slowShare("least_request");
    assertThat(lr).isLessThan(1.0 / REPLICAS).isGreaterThan(slowShare("peak_ewma"));
  }

  /** Share of the slow replica's requests in the second half of a 120 s run at 200 requests/s. */
  private static double slowShare(String policy) {
    BalancingPolicy options = BalancingPolicy.builder().policy(policy).slowStartWindow(Duration.ZERO)
        .outlierDetection(OutlierDetectionPolicy.disabled()).build();
    try (BalancerHarness h = new BalancerHarness(policy, options, 7)) {
      List<Endpoint> es = BalancerHarness.endpoints(REPLICAS);
      h.update(es);
      Endpoint slow = es.get(4);
      SplittableRandom jitter = new SplittableRandom(11);
      PriorityQueue<long[]> completions = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
      long start = h.ticker.nanoTime();
      long interArrival = Duration.ofMillis(5).toNanos();
      int requests = 24_000;
      int counted = 0;
      int toSlow = 0;
      for (int r = 0; r < requests; r++) {
        long arrival = start + r * interArrival;
        while (!completions.isEmpty() && completions.peek()[0] <= arrival) {
          long[] c = completions.poll();
          h.ticker.advanceTo(c[0]);
          h.stats.of(es.get((int) c[1])).onEnd(c[2], false);
        }
        h.ticker.advanceTo(arrival);
        Endpoint e = h.pick();
        int idx = es.indexOf(e);
        EndpointStats s = h.stats.of(e);
        s.onStart();
        long base = e.equals(slow) ? SLOW_MS : FAST_MS;
        long latency = Duration.ofMillis(base).toNanos() + (long) (jitter.nextDouble(-0.1, 0.1) * base * 1_000_000);
        completions.add(new long[] {arrival + latency, idx, latency});
        if (r >= requests / 2) {
          counted++;
          toSlow += e.equals(slow) ? 1 : 0;
        }
      }
      return (double) toSlow / counted;
    }
  }
}
