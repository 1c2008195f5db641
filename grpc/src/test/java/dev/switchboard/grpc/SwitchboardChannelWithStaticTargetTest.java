package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SwitchboardChannelWithStaticTargetTest {
  private TestReplica a;
  private TestReplica b;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    a = new TestReplica("a");
    b = new TestReplica("b");
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    a.close();
    b.close();
  }

  static String echo(ManagedChannel channel, String text) {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), text);
  }

  @Test
  void staticTargetReachesEveryReplicaInTurn() {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(a, b),
        GrpcChannelOptions.builder().balancer("round_robin").build()).build();
    Set<String> answeredBy = new HashSet<>();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
      answeredBy.add(echo(channel, "hi").split(":")[0]);
      return answeredBy.size() == 2;
    });
    assertThat(answeredBy).containsExactlyInAnyOrder("a", "b");
    assertAlternates();
  }

  @Test
  void policyIsSelectableByServiceConfigNameWithoutTheTypedApi() {
    channel = ManagedChannelBuilder.forTarget(TestReplica.staticTarget(a, b))
        .usePlaintext()
        .defaultServiceConfig(Map.of("loadBalancingConfig", List.of(Map.of("switchboard_round_robin", Map.of()))))
        .build();
    assertAlternates();
  }

  /** Once both subchannels are READY, round robin alternates strictly. */
  private void assertAlternates() {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> {
      echo(channel, "warm");
      return a.calls.get() > 0 && b.calls.get() > 0;
    });
    int a0 = a.calls.get();
    int b0 = b.calls.get();
    for (int i = 0; i < 10; i++) {
      echo(channel, "x");
    }
    assertThat(a.calls.get() - a0).isEqualTo(5);
    assertThat(b.calls.get() - b0).isEqualTo(5);
  }

  @Test
  void genericPolicyTakesTheCoreNameInItsConfig() {
    channel = ManagedChannelBuilder.forTarget(TestReplica.staticTarget(a, b))
        .usePlaintext()
        .defaultServiceConfig(Map.of("loadBalancingConfig",
            List.of(Map.of("switchboard", Map.of("policy", "round_robin")))))
        .build();
    assertAlternates();
  }

  @Test
  void unknownPolicyInTypedOptionsFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> GrpcChannelOptions.builder().balancer("fastest").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"fastest\"")
        .hasMessageContaining("round_robin");
  }

  @Test
  void unknownPolicyInServiceConfigFailsChannelCreation() {
    assertThatThrownBy(() -> ManagedChannelBuilder.forTarget(TestReplica.staticTarget(a))
        .usePlaintext()
        .defaultServiceConfig(Map.of("loadBalancingConfig", List.of(Map.of("switchboard_fastest", Map.of()))))
        .build())
        .hasMessageContaining("switchboard_fastest");
    assertThatThrownBy(() -> ManagedChannelBuilder.forTarget(TestReplica.staticTarget(a))
        .usePlaintext()
        .defaultServiceConfig(Map.of("loadBalancingConfig",
            List.of(Map.of("switchboard", Map.of("policy", "fastest")))))
        .build())
        .hasMessageContaining("unknown load balancing policy \"fastest\"");
  }

  @Test
  void malformedTargetsFailChannelCreationQuotingTheTarget() {
    assertThatThrownBy(() -> SwitchboardGrpc.channelBuilder("static:127.0.0.1:notaport").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("static:127.0.0.1:notaport")
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ManagedChannelBuilder.forTarget("static:").usePlaintext().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("static:");
    assertThatThrownBy(() -> SwitchboardGrpc.channelBuilder("nosuchscheme://x/y").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nosuchscheme");
  }

  @Test
  void aDeadReplicaFailsOverToTheLiveOne() throws Exception {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(a, b)).build();
    echo(channel, "warm");
    b.close();
    int ok = 0;
    for (int i = 0; i < 20; i++) {
      try {
        assertThat(echo(channel, "x")).startsWith("a:");
        ok++;
      } catch (StatusRuntimeException e) {
        // at most the calls already routed to b when it died
      }
    }
    assertThat(ok).isGreaterThanOrEqualTo(18);
  }
}
