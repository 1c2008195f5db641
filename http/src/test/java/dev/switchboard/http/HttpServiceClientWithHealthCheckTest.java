package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.HealthChecker;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * End to end: three real loopback replicas with HTTP health checks. One starts failing its check:
 * it leaves the rotation within interval × unhealthy threshold (plus jitter and scheduling slack)
 * while every call keeps succeeding, and returns once its check passes again.
 */
class HttpServiceClientWithHealthCheckTest {
  private static final Duration INTERVAL = Duration.ofMillis(300);
  private static final Duration JITTER = Duration.ofMillis(30);
  private static final int UNHEALTHY = 2;
  private static final int HEALTHY = 1;
  /** Allowance for thread scheduling on a loaded CI machine; the bound itself is the contract. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  @Test
  void aReplicaFailingItsHealthCheckIsRemovedWithinIntervalTimesThresholdAndReturnsWhenItRecovers() {
    List<String> changes = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {
        changes.add((healthy ? "healthy " : "unhealthy ") + endpoint);
      }
    };
    AtomicInteger sickStatus = new AtomicInteger(200);
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/hello", Reply.json(200, "{}"));
      replicas.get(0).route("GET", "/health").reply(Reply.status(200));
      replicas.get(1).route("GET", "/health").handler(r -> Reply.status(sickStatus.get()));
      replicas.get(2).route("GET", "/health").reply(Reply.status(200));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget()).name("hello")
          .maxRetries(0).telemetry(telemetry)
          .balancing(BalancingPolicy.builder().slowStartWindow(Duration.ZERO)
              .outlierDetection(OutlierDetectionPolicy.disabled()) // only the health check acts here
              .healthCheck(HealthCheckPolicy.builder(HealthChecker.http("/health")).interval(INTERVAL)
                  .jitter(JITTER).timeout(Duration.ofSeconds(1))
                  .unhealthyThreshold(UNHEALTHY).healthyThreshold(HEALTHY).build())
              .build())
          .build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        callsReachEveryReplica(client, replicas);
        Endpoint sick = replicas.get(1).endpoint();

        sickStatus.set(503);
        await().atMost(INTERVAL.plus(JITTER).multipliedBy(UNHEALTHY).plus(SLACK))
            .until(() -> changes.contains("unhealthy " + sick));
        int sickBefore = replicas.get(1).requestCount("GET", "/hello");
        for (int i = 0; i < 60; i++) {
          client.getJson("/hello"); // throws if any call fails
        }
        assertThat(replicas.get(1).requestCount("GET", "/hello")).isEqualTo(sickBefore);

        sickStatus.set(200);
        await().atMost(INTERVAL.plus(JITTER).multipliedBy(HEALTHY).plus(SLACK))
            .until(() -> changes.contains("healthy " + sick));
        callsReachEveryReplica(client, replicas);
        assertThat(changes).containsExactly("unhealthy " + sick, "healthy " + sick);
      }
    }
  }

  private static void callsReachEveryReplica(HttpServiceClient client, ScriptedServers replicas) {
    List<Integer> before = replicas.servers().stream().map(s -> s.requestCount("GET", "/hello")).toList();
    for (int i = 0; i < 30; i++) {
      client.getJson("/hello");
    }
    for (int r = 0; r < 3; r++) {
      assertThat(replicas.get(r).requestCount("GET", "/hello")).isGreaterThan(before.get(r));
    }
  }
}
