package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DestinationStates;
import dev.switchboard.telemetry.EndpointState;
import dev.switchboard.telemetry.TelemetryListener;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A channel built by {@link SwitchboardGrpc#channelBuilder} shows its live state where an HTTP
 * client's shows ({@link DestinationStates#all()}, hence the admin page and the Micrometer gauges)
 * from {@code build()} until its shutdown: its real loopback endpoints with their statistics, and
 * what discovery did.
 */
class GrpcChannelStateTest {
  private final List<TestReplica> replicas = new CopyOnWriteArrayList<>();
  private final List<String> announced = new CopyOnWriteArrayList<>();
  private final TelemetryListener telemetry = new TelemetryListener() {
    @Override
    public void onDestinationOpen(DestinationState state) {
      announced.add("open " + state.service());
    }

    @Override
    public void onDestinationClose(DestinationState state) {
      announced.add("close " + state.service());
    }
  };
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    replicas.forEach(TestReplica::close);
  }

  private static Optional<DestinationState> published(String service) {
    return DestinationStates.all().stream().filter(s -> s.service().equals(service)).findFirst();
  }

  @Test
  void aChannelsStateListsItsLoopbackServersWithTheirSuccessesUntilItIsShutDown() throws Exception {
    TestReplica a = new TestReplica("a");
    TestReplica b = new TestReplica("b");
    replicas.addAll(List.of(a, b));
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(a, b),
        GrpcChannelOptions.builder().name("users-grpc-state").balancer("round_robin").telemetry(telemetry).build())
        .build();
    assertThat(published("users-grpc-state")).as("listed from build(), before any call").isPresent();
    assertThat(announced).containsExactly("open users-grpc-state");

    for (int i = 0; i < 20; i++) {
      ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "x");
    }

    DestinationState state = published("users-grpc-state").orElseThrow();
    assertThat(state.protocol()).isEqualTo(CallInfo.GRPC);
    assertThat(state.endpoints()).extracting(EndpointState::address)
        .containsExactlyInAnyOrder(a.address(), b.address());
    assertThat(state.endpoints()).allSatisfy(e -> {
      assertThat(e.healthy()).isTrue();
      assertThat(e.ejected()).isFalse();
      assertThat(e.inFlight()).isZero();
      assertThat(e.failures()).isZero();
    });
    assertThat(state.endpoints()).extracting(EndpointState::successes)
        .containsExactlyInAnyOrder((long) a.calls.get(), (long) b.calls.get());
    assertThat(a.calls.get() + b.calls.get()).isEqualTo(20);
    assertThat(state.discovery().target()).isEqualTo(TestReplica.staticTarget(a, b));
    assertThat(state.discovery().updates()).isPositive();
    assertThat(state.discovery().lastError()).isNull();
    assertThat(state.retryBudgetBalance()).isPositive();
    assertThat(state.hedgeDelay()).isPresent(); // default hedging is on for idempotent methods

    channel.shutdown();
    assertThat(published("users-grpc-state")).as("gone after shutdown").isEmpty();
    assertThat(announced).containsExactly("open users-grpc-state", "close users-grpc-state");
    channel.shutdownNow(); // closing twice is harmless
    assertThat(announced).hasSize(2);
  }

  @Test
  void anEndpointThatCannotBeReachedIsListedAsUnhealthy() throws Exception {
    TestReplica up = new TestReplica("up");
    TestReplica down = new TestReplica("down");
    replicas.addAll(List.of(up, down));
    String downAddress = down.address();
    down.close(); // nothing listens there any more: connections are refused
    channel = SwitchboardGrpc.channelBuilder("static:" + up.address() + "," + downAddress,
        GrpcChannelOptions.builder().name("users-grpc-unreachable").build()).build();
    ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "x");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<EndpointState> endpoints = published("users-grpc-unreachable").orElseThrow().endpoints();
      assertThat(endpoints).extracting(EndpointState::address).containsExactlyInAnyOrder(up.address(), downAddress);
      assertThat(endpoints).filteredOn(e -> e.address().equals(downAddress))
          .singleElement().satisfies(e -> assertThat(e.healthy()).isFalse());
      assertThat(endpoints).filteredOn(e -> e.address().equals(up.address()))
          .singleElement().satisfies(e -> {
            assertThat(e.healthy()).isTrue();
            assertThat(e.successes()).isEqualTo(1);
          });
    });
  }
}
