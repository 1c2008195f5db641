package dev.switchboard.balancer;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * A balancer on the shared fake clock (a {@link FakeTicker} and the {@link FakeScheduler} that is
 * its timer) and a seeded random, with helpers to record
 * outcomes and count picks. No sockets. Single-threaded unless a test says otherwise.
 */
final class BalancerHarness implements AutoCloseable {
  final FakeTicker ticker = new FakeTicker(1_000_000_000L);
  final FakeScheduler scheduler = new FakeScheduler(ticker);
  final EndpointStatsRegistry stats;
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final LoadBalancer balancer;

  BalancerHarness(String policy, BalancingPolicy options, long seed) {
    this(options.toBuilder().policy(policy).build(), new LockedRandom(seed));
  }

  BalancerHarness(BalancingPolicy options, RandomGenerator random) {
    this.stats = new EndpointStatsRegistry(ticker, options.peakEwmaDecay());
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
        events.add("ejected " + endpoint + " for " + duration.toSeconds() + "s: " + reason);
      }

      @Override
      public void onReadmission(String service, Endpoint endpoint) {
        events.add("readmitted " + endpoint);
      }

      @Override
      public void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {
        events.add((healthy ? "healthy " : "unhealthy ") + endpoint + ": " + reason);
      }
    };
    this.balancer = LoadBalancerPolicies.forName(options.policy()).newBalancer(new BalancerContext(
        "svc", stats, ticker, random, scheduler, telemetry, options));
  }

  /** Endpoints 10.0.0.1:8080 .. 10.0.0.n:8080. */
  static List<Endpoint> endpoints(int n) {
    List<Endpoint> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(Endpoint.of("10.0.0." + i, 8080));
    }
    return out;
  }

  BalancerHarness update(List<Endpoint> endpoints) {
    balancer.update(EndpointSet.of(endpoints));
    return this;
  }

  Endpoint pick() {
    return balancer.picker().pick(PickContext.none());
  }

  Endpoint pick(PickContext context) {
    return balancer.picker().pick(context);
  }

  /** Counts of {@code picks} picks, in first-seen order; null picks count under key null. */
  Map<Endpoint, Integer> distribution(int picks, IntFunction<PickContext> context) {
    Map<Endpoint, Integer> counts = new LinkedHashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(pick(context.apply(i)), 1, Integer::sum);
    }
    return counts;
  }

  Map<Endpoint, Integer> distribution(int picks) {
    return distribution(picks, i -> PickContext.none());
  }

  /** Records a finished attempt on {@code e}. */
  void record(Endpoint e, Duration latency, boolean serverFault) {
    EndpointStats s = stats.of(e);
    s.onStart();
    s.onEnd(latency.toNanos(), serverFault);
  }

  void fail(Endpoint e, int times) {
    for (int i = 0; i < times; i++) {
      record(e, Duration.ofMillis(5), true);
    }
  }

  void advance(Duration d) {
    scheduler.advance(d);
  }

  @Override
  public void close() {
    balancer.close();
  }

  /** A seeded random that may be shared by threads. */
  static final class LockedRandom implements RandomGenerator {
    private final SplittableRandom random;

    LockedRandom(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized long nextLong() {
      return random.nextLong();
    }
  }
}
