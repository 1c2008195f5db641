package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker and the concurrency limit on a gRPC channel, configured as on HTTP (through
 * {@code CallPolicies}) and run by the same pipeline: they refuse in the client, before anything
 * is sent, with the error kinds HTTP callers get.
 */
class GrpcChannelWithBreakerAndLimitTest {
  private TestReplica replica;
  private ManagedChannel channel;
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private final TelemetryListener telemetry = new TelemetryListener() {
    @Override
    public void onBreakerTransition(String service, String from, String to) {
      transitions.add(service + ": " + from + " -> " + to);
    }
  };

  @BeforeEach
  void start() throws Exception {
    replica = new TestReplica("r");
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    replica.close();
  }

  private String echo() {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "x");
  }

  @Test
  void aBreakerOpenedByFailingCallsRefusesTheNextCallWithoutSendingIt() {
    // The same CallPolicies object an HTTP ServiceConfig takes.
    CallPolicies policies = CallPolicies.builder()
        .retryPolicy(RetryPolicy.noRetries())
        .circuitBreaker(CircuitBreakerPolicy.builder().countWindow(4).minimumCalls(4).failureRateThreshold(0.5)
            .openDuration(Duration.ofMinutes(1)).build())
        .telemetry(telemetry)
        .build();
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(replica),
        GrpcChannelOptions.builder().name("users").policies(policies).build()).build();
    replica.failWith = Status.UNAVAILABLE.withDescription("down");
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
    assertThat(transitions).containsExactly("users: closed -> open");

    assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(GrpcErrors.toException(e).kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
    });
    assertThat(replica.calls.get()).isEqualTo(4);
  }

  @Test
  void aBreakerBoundFromConfigurationOpensOnARealServer() {
    GrpcChannelConfigs.Channel users = GrpcChannelConfigs.bind(ConfigSource.of(Map.of(
        "switchboard.grpc.channels.users.target", TestReplica.staticTarget(replica),
        "switchboard.grpc.channels.users.retry.max-attempts", "1",
        "switchboard.grpc.channels.users.breaker.window-calls", "4",
        "switchboard.grpc.channels.users.breaker.minimum-calls", "4",
        "switchboard.grpc.channels.users.breaker.open-duration", "1m"))).get("users");
    channel = users.channelBuilder().build();
    assertThat(echo()).isEqualTo("r:x"); // a success in the window: the breaker judges a real mix
    replica.failWith = Status.UNAVAILABLE.withDescription("down");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(GrpcErrors.toException(e).kind()).isNotEqualTo(ErrorKind.CIRCUIT_OPEN));
    }

    assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(GrpcErrors.toException(e).kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
    });
    assertThat(replica.calls.get()).isEqualTo(4); // the refused call never reached the server
    replica.failWith = null;
    assertThatThrownBy(this::echo).as("still open for a minute, although the server recovered")
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(GrpcErrors.toException(e).kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN));
  }

  @Test
  void aFullConcurrencyLimitRefusesTheCallWithoutSendingIt() throws Exception {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(replica), GrpcChannelOptions.builder()
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(1)).build()).build();
    echo(); // connected
    replica.hold = true;
    ListenableFuture<String> first = ClientCalls.futureUnaryCall(channel.newCall(TestReplica.ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)), "slow");
    await().atMost(Duration.ofSeconds(5)).until(() -> replica.held.size() == 1);

    assertThatThrownBy(this::echo).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(GrpcErrors.toException(e).kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED);
    });
    assertThat(replica.calls.get()).isEqualTo(2); // the warm-up and the held call, not the refused one

    replica.answerHeld(null);
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("r:held");
    replica.hold = false;
    assertThat(echo()).isEqualTo("r:x"); // the slot is free again
  }
}
