package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * End to end: three real loopback replicas, one answering 500. Retries are off, so a call fails
 * exactly when it reaches the broken replica; once outlier detection ejects it (5 consecutive
 * failures), every call succeeds.
 */
class HttpServiceClientWithOutlierEjectionTest {
  @Test
  void aReplicaAnswering500IsEjectedAndAfterwardsEveryCallSucceeds() {
    List<String> ejections = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
        ejections.add(endpoint + " " + reason + " " + duration.toSeconds() + "s");
      }
    };
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.get(0).route("GET", "/hello").reply(Reply.json(200, "{\"replica\":0}"));
      replicas.get(1).route("GET", "/hello").reply(Reply.status(500));
      replicas.get(2).route("GET", "/hello").reply(Reply.json(200, "{\"replica\":2}"));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget()).name("hello")
          .maxRetries(0).telemetry(telemetry)
          .balancing(BalancingPolicy.builder().policy("round_robin").slowStartWindow(Duration.ZERO).build())
          .build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        int failed = 0;
        for (int i = 0; i < 30 && ejections.isEmpty(); i++) {
          try {
            client.getJson("/hello");
          } catch (ServiceCallException e) {
            failed++;
          }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !ejections.isEmpty());
        assertThat(failed).isEqualTo(5);
        assertThat(ejections).containsExactly(replicas.get(1).endpoint() + " 5 consecutive failures 30s");

        int brokenBefore = replicas.get(1).requestCount();
        for (int i = 0; i < 60; i++) {
          assertThat(client.getJson("/hello").get("replica").asInt()).isIn(0, 2);
        }
        assertThat(replicas.get(1).requestCount()).isEqualTo(brokenBefore);
        assertThat(replicas.get(0).requestCount()).isGreaterThanOrEqualTo(30);
        assertThat(replicas.get(2).requestCount()).isGreaterThanOrEqualTo(30);
      }
    }
  }

  @Test
  void withEveryReplicaEjectedAndPanicDisabledCallsFailWithNoEndpointsNamingEachAndWhy() {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      replicas.route("GET", "/hello", Reply.status(500));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget()).name("hello")
          .maxRetries(0)
          .balancing(BalancingPolicy.builder().panicThresholdPercent(0).slowStartWindow(Duration.ZERO)
              .outlierDetection(OutlierDetectionPolicy.builder().maxEjectionPercent(100).build()).build())
          .build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        for (int i = 0; i < 10; i++) {
          assertThatThrownBy(() -> client.getJson("/hello")).isInstanceOf(ServiceCallException.class)
              .extracting(e -> ((ServiceCallException) e).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        }
        assertThatThrownBy(() -> client.getJson("/hello"))
            .isInstanceOf(RejectedCallException.class)
            .satisfies(e -> assertThat(((RejectedCallException) e).kind()).isEqualTo(ErrorKind.NO_ENDPOINTS))
            .hasMessageContaining("all 2 endpoints of hello are unavailable and panic mode is disabled")
            .hasMessageContaining(replicas.get(0).endpointAddress() + " ejected (5 consecutive failures)")
            .hasMessageContaining(replicas.get(1).endpointAddress() + " ejected (5 consecutive failures)");
        assertThat(replicas.totalRequestCount()).isEqualTo(10);
      }
    }
  }
}
