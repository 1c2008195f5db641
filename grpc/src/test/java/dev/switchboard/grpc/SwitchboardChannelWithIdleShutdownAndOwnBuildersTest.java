package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How the pipeline finds the channel's balancer through a channel's life: a fresh or idle channel
 * is woken by the first call, discovery failing before its first answer fails waiting calls at
 * once, a shut-down channel fails them at once; and channels built with grpc-java's own builder
 * (the interceptor beside {@code serviceConfig}, a hand-written service config, or no Switchboard
 * balancer at all) still run every call through the pipeline.
 */
class SwitchboardChannelWithIdleShutdownAndOwnBuildersTest extends TwoReplicas {
  @Test
  void anIdleChannelIsWokenByTheNextCall() {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(a)).build();
    assertThat(echo()).isEqualTo("a:q");
    channel.enterIdle(); // grpc-java shuts the balancer down
    assertThat(echo()).isEqualTo("a:q");
  }

  @Test
  void discoveryFailingBeforeItsFirstAnswerFailsTheWaitingCallAtOnceSayingWhy() {
    channel = SwitchboardGrpc.channelBuilder("sbtest:broken",
        GrpcChannelOptions.builder().initialResolutionTimeout(Duration.ofMinutes(5)).build()).build();
    channel.getState(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> TestRegistryProvider.isOpen("broken"));
    TestRegistryProvider.fail("broken", new IOException("registry unreachable"));
    assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(GrpcErrors.toException(e).kind()).isEqualTo(ErrorKind.NO_ENDPOINTS);
      assertThat(e.getStatus().getDescription()).contains("registry unreachable"); // not a 5-minute wait
    });
  }

  @Test
  void aCallOnAShutDownChannelFailsAtOnce() throws Exception {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(a),
        GrpcChannelOptions.builder().initialResolutionTimeout(Duration.ofMinutes(5)).build()).build();
    echo();
    channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void theInterceptorBesideServiceConfigOfTheSameOptionsRetriesOnAnotherReplica() {
    GrpcChannelOptions options = GrpcChannelOptions.builder().name("echo").build();
    channel = ManagedChannelBuilder.forTarget(TestReplica.staticTarget(a, b)).usePlaintext()
        .defaultServiceConfig(SwitchboardGrpc.serviceConfig(options))
        .intercept(SwitchboardGrpc.clientInterceptors(options))
        .build();
    a.failWith = Status.UNAVAILABLE;
    for (int i = 0; i < 10; i++) {
      assertThat(echo()).isEqualTo("b:q"); // every retry avoids the replica its call tried
    }
    assertThat(a.calls.get()).isPositive();
  }

  @Test
  void aHandWrittenServiceConfigStillGetsEveryCallThroughThePipelineAndTheBalancerAdoptsIt() {
    Set<Integer> attemptPorts = ConcurrentHashMap.newKeySet();
    GrpcChannelOptions options = GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited())
        .telemetry(new TelemetryListener() {
          @Override
          public void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
            attemptPorts.add(endpoint.port());
          }
        }).build();
    channel = ManagedChannelBuilder.forTarget(TestReplica.staticTarget(a, b)).usePlaintext()
        .defaultServiceConfig(Map.of("loadBalancingConfig", List.of(Map.of("switchboard_round_robin", Map.of()))))
        .intercept(SwitchboardGrpc.clientInterceptors(options))
        .build();
    a.failWith = Status.UNAVAILABLE;
    for (int i = 0; i < 10; i++) {
      assertThat(echo()).isEqualTo("b:q");
    }
    // Once the balancer saw a call of the interceptor, the pipeline picks the replicas itself.
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      echo();
      return attemptPorts.contains(b.port());
    });
  }

  @Test
  void onAPlainChannelTheChannelsOwnBalancerPicksAndCallsAreStillRetriedWithContext() {
    AtomicInteger seen = new AtomicInteger();
    a.behaviour = request -> {
      if (seen.incrementAndGet() == 1) {
        throw Status.UNAVAILABLE.withDescription("warming up").asRuntimeException();
      }
      return "a:" + request;
    };
    channel = ManagedChannelBuilder.forTarget(a.address()).usePlaintext()
        .intercept(SwitchboardGrpc.clientInterceptors(GrpcChannelOptions.defaults())).build();
    CallContext outbound = CallContext.empty().withCorrelationId("plain-1");
    try (CallContext.Scope s = outbound.attach()) {
      assertThat(echo()).isEqualTo("a:q");
    }
    assertThat(a.calls.get()).isEqualTo(2);
    assertThat(a.contexts).allSatisfy(c -> assertThat(c.correlationId()).contains("plain-1"));
    assertThat(a.contexts.stream().map(CallContext::attempt)).containsExactly(1, 2);
  }
}
