package dev.switchboard.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.balancer.EndpointStats.Outcome;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.ConnectivityPolicy;
import dev.switchboard.health.HealthCheckResult;
import dev.switchboard.health.HealthChecker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Connectivity tracking on the fake clock: endpoints whose connections fail leave rotation outside
 * the ejection bound and come back when a reconnect probe (here a scripted checker) connects.
 */
class ConnectivityTest {
  /** A probe whose answer the test sets per address; unanswered addresses hang (a black hole). */
  static final class ScriptedProbe implements HealthChecker {
    final Map<String, Boolean> accepts = new ConcurrentHashMap<>();
    final Map<String, Integer> probes = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<HealthCheckResult> check(Endpoint endpoint, Duration timeout) {
      probes.merge(endpoint.address(), 1, Integer::sum);
      Boolean ok = accepts.get(endpoint.address());
      if (ok == null) {
        return new CompletableFuture<>(); // never connects: the policy's timeout decides
      }
      return CompletableFuture.completedFuture(ok ? HealthCheckResult.healthy("connected")
          : HealthCheckResult.unhealthy("refused"));
    }

    @Override
    public String describe() {
      return "scripted";
    }
  }

  private final ScriptedProbe probe = new ScriptedProbe();
  private final List<Endpoint> es = BalancerHarness.endpoints(5);

  private BalancerHarness harness() {
    BalancingPolicy options = BalancingPolicy.builder().policy("round_robin").slowStartWindow(Duration.ZERO)
        .connectivity(ConnectivityPolicy.builder().checker(probe).jitter(0).build()).build();
    return new BalancerHarness(options, new BalancerHarness.LockedRandom(3)).update(es);
  }

  private static void end(BalancerHarness h, Endpoint e, Outcome outcome) {
    EndpointStats s = h.stats.of(e);
    s.onStart();
    s.onEnd(1_000_000, outcome);
  }

  @Test
  void oneRefusedConnectTakesAnEndpointOutAtOnceWhateverTheEjectionBound() {
    try (BalancerHarness h = harness()) {
      h.fail(es.get(0), 5); // ejected: the 10% bound (one of five) is now held
      end(h, es.get(1), Outcome.CONNECTION_FAILURE);
      end(h, es.get(2), Outcome.CONNECTION_FAILURE);
      assertThat(h.distribution(300).keySet()).containsExactlyInAnyOrder(es.get(3), es.get(4));
      assertThat(h.events).anyMatch(e -> e.startsWith("unhealthy 10.0.0.2:8080: not connectable"));
    }
  }

  @Test
  void aReconnectProbeAfterTheBackoffBringsItBackAndFailedProbesGrowTheBackoff() {
    try (BalancerHarness h = harness()) {
      probe.accepts.put(es.get(1).address(), false);
      end(h, es.get(1), Outcome.CONNECTION_FAILURE);
      h.advance(Duration.ofMillis(999));
      assertThat(probe.probes).isEmpty();
      h.advance(Duration.ofMillis(1)); // 1 s: first probe, refused
      assertThat(probe.probes).containsEntry(es.get(1).address(), 1);
      h.advance(Duration.ofMillis(1599));
      assertThat(probe.probes).containsEntry(es.get(1).address(), 1);
      probe.accepts.put(es.get(1).address(), true);
      h.advance(Duration.ofMillis(1)); // 1.6 s later: second probe, connects
      assertThat(probe.probes).containsEntry(es.get(1).address(), 2);
      assertThat(h.distribution(500)).containsKey(es.get(1));
      assertThat(h.events).anyMatch(e -> e.startsWith("healthy 10.0.0.2:8080: reconnected"));
    }
  }

  @Test
  void anEndpointTakenOutAgainBeforeAnyAttemptSucceededWaitsLongerEachTime() {
    try (BalancerHarness h = harness()) {
      probe.accepts.put(es.get(1).address(), true); // accepts connections, then resets every request
      end(h, es.get(1), Outcome.CONNECTION_FAILURE);
      h.advance(Duration.ofSeconds(1));
      assertThat(probe.probes).containsEntry(es.get(1).address(), 1);
      end(h, es.get(1), Outcome.CONNECTION_FAILURE); // back, and reset again: 1.6 s this time
      h.advance(Duration.ofMillis(1599));
      assertThat(probe.probes).containsEntry(es.get(1).address(), 1);
      h.advance(Duration.ofMillis(1));
      assertThat(probe.probes).containsEntry(es.get(1).address(), 2);

      end(h, es.get(1), Outcome.SUCCESS); // it worked in between: the next time starts at 1 s again
      end(h, es.get(1), Outcome.CONNECTION_FAILURE);
      h.advance(Duration.ofSeconds(1));
      assertThat(probe.probes).containsEntry(es.get(1).address(), 3);
    }
  }

  @Test
  void aTimedOutAttemptProbesTheEndpointAndABlackHoleFailsTheProbe() {
    try (BalancerHarness h = harness()) {
      probe.accepts.put(es.get(1).address(), true); // hung: connects, never answers
      end(h, es.get(1), Outcome.TIMEOUT);
      end(h, es.get(2), Outcome.TIMEOUT); // black hole: the probe never connects
      assertThat(probe.probes).containsOnlyKeys(es.get(1).address(), es.get(2).address());
      h.advance(Duration.ofMillis(500)); // the probe's timeout
      Set<Endpoint> picked = h.distribution(500).keySet();
      assertThat(picked).contains(es.get(1)).doesNotContain(es.get(2));
      assertThat(h.events).anyMatch(e -> e.startsWith("unhealthy 10.0.0.3:8080: not connectable: connect probe timed out after 500 ms"));
    }
  }

  @Test
  void withEveryEndpointUnconnectablePanicTriesThemAllAndAHealthyOneNeverPanics() {
    try (BalancerHarness h = harness()) {
      for (int i = 0; i < 4; i++) {
        end(h, es.get(i), Outcome.CONNECTION_FAILURE);
      }
      // one connectable endpoint of five: 100% of the connectable ones are healthy, no panic
      assertThat(h.distribution(100).keySet()).containsExactly(es.get(4));
      end(h, es.get(4), Outcome.CONNECTION_FAILURE);
      assertThat(h.distribution(500).keySet()).hasSize(5); // all down: panic over the whole level
    }
  }
}
