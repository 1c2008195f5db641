package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckingWithGrpcHealthV1Test {
  private TestReplica healthy;
  private TestReplica sick;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    healthy = new TestReplica("healthy");
    sick = new TestReplica("sick");
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(healthy, sick),
        GrpcChannelOptions.builder().healthCheckService("").build()).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    healthy.close();
    sick.close();
  }

  @Test
  void replicaFailingHealthV1GetsNoTrafficUntilItServesAgain() {
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      SwitchboardChannelWithStaticTargetTest.echo(channel, "warm");
      return sick.calls.get() > 0;
    });
    sick.setServing(false);
    // Once the watch has delivered NOT_SERVING, a run of calls all go to the healthy replica.
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      int before = sick.calls.get();
      for (int i = 0; i < 10; i++) {
        SwitchboardChannelWithStaticTargetTest.echo(channel, "x");
      }
      return sick.calls.get() == before;
    });
    int sickCalls = sick.calls.get();
    int healthyCalls = healthy.calls.get();
    for (int i = 0; i < 50; i++) {
      assertThat(SwitchboardChannelWithStaticTargetTest.echo(channel, "x")).startsWith("healthy:");
    }
    assertThat(sick.calls.get()).isEqualTo(sickCalls);
    assertThat(healthy.calls.get()).isEqualTo(healthyCalls + 50);

    sick.setServing(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> {
      SwitchboardChannelWithStaticTargetTest.echo(channel, "x");
      return sick.calls.get() > sickCalls;
    });
  }
}
