package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC health v1 through core's health checker SPI, and core's ejection and panic threshold, on a
 * Switchboard channel: the same health layer as the HTTP client.
 */
class HealthCheckingWithGrpcHealthV1Test {
  private TestReplica healthy;
  private TestReplica sick;
  private ManagedChannel channel;
  /** Addresses currently reported unhealthy by core's active checks (telemetry). */
  private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  private final Set<String> ejected = ConcurrentHashMap.newKeySet();
  private final TelemetryListener telemetry = new TelemetryListener() {
    @Override
    public void onHealthChange(String service, Endpoint endpoint, boolean ok, String reason) {
      if (ok) {
        unhealthy.remove(endpoint.address());
      } else {
        unhealthy.add(endpoint.address());
      }
    }

    @Override
    public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
      ejected.add(endpoint.address());
    }
  };

  @BeforeEach
  void start() throws Exception {
    healthy = new TestReplica("healthy");
    sick = new TestReplica("sick");
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    healthy.close();
    sick.close();
  }

  private void open(BalancingPolicy.Builder balancing) {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(healthy, sick), GrpcChannelOptions.builder()
        .balancing(balancing.build()).retryPolicy(RetryPolicy.noRetries()).telemetry(telemetry).build()).build();
  }

  private static BalancingPolicy.Builder checkedEvery100ms() {
    return BalancingPolicy.builder().healthCheck(HealthCheckPolicy.builder(GrpcHealthChecker.v1(""))
        .interval(Duration.ofMillis(100)).jitter(Duration.ofMillis(20)).timeout(Duration.ofSeconds(1))
        .unhealthyThreshold(1).healthyThreshold(1).build());
  }

  private String echo() {
    return SwitchboardChannelWithStaticTargetTest.echo(channel, "x");
  }

  @Test
  void aReplicaFailingHealthV1GetsNoTrafficUntilItServesAgain() {
    open(checkedEvery100ms());
    await().atMost(Duration.ofSeconds(5)).until(() -> echo() != null && sick.calls.get() > 0);
    sick.setServing(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> unhealthy.contains(sick.address()));
    int sickCalls = sick.calls.get();
    for (int i = 0; i < 50; i++) {
      assertThat(echo()).startsWith("healthy:");
    }
    assertThat(sick.calls.get()).isEqualTo(sickCalls);

    sick.setServing(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      echo();
      return sick.calls.get() > sickCalls;
    });
  }

  @Test
  void whenEveryReplicaFailsHealthThePanicThresholdStillRoutesToAll() {
    open(checkedEvery100ms()); // panic threshold 50% by default, as on HTTP
    await().atMost(Duration.ofSeconds(5)).until(() -> echo() != null && sick.calls.get() > 0 && healthy.calls.get() > 0);
    sick.setServing(false);
    healthy.setServing(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> unhealthy.size() == 2);
    int before = sick.calls.get() + healthy.calls.get();
    for (int i = 0; i < 20; i++) {
      assertThat(echo()).endsWith(":x");
    }
    assertThat(sick.calls.get() + healthy.calls.get()).isEqualTo(before + 20);
  }

  @Test
  void withoutAPanicThresholdAnAllUnhealthyDestinationFailsFast() {
    open(checkedEvery100ms().panicThresholdPercent(0));
    await().atMost(Duration.ofSeconds(5)).until(() -> echo() != null && sick.calls.get() > 0 && healthy.calls.get() > 0);
    sick.setServing(false);
    healthy.setServing(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> unhealthy.size() == 2);
    int before = sick.calls.get() + healthy.calls.get();
    assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(sick.calls.get() + healthy.calls.get()).isEqualTo(before);
  }

  @Test
  void consecutiveGrpcFailuresEjectTheReplicaAsOnHttp() {
    open(BalancingPolicy.builder().outlierDetection(OutlierDetectionPolicy.builder()
        .consecutiveFailures(3).baseEjectionTime(Duration.ofSeconds(30)).build()));
    await().atMost(Duration.ofSeconds(5)).until(() -> echo() != null && sick.calls.get() > 0);
    sick.failWith = Status.UNAVAILABLE.withDescription("broken");
    for (int i = 0; i < 20 && !ejected.contains(sick.address()); i++) {
      try {
        echo();
      } catch (StatusRuntimeException expected) {
        // the sick replica's answers, until it is ejected
      }
    }
    assertThat(ejected).containsExactly(sick.address());
    int sickCalls = sick.calls.get();
    for (int i = 0; i < 30; i++) {
      assertThat(echo()).startsWith("healthy:");
    }
    assertThat(sick.calls.get()).isEqualTo(sickCalls);
  }
}
