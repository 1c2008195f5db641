package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.DnsmasqProcess;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 2782 over gRPC with the default channel settings: a real dnsmasq serves SRV records of
 * priority 10 (weights 30 and 10) and priority 20; the channel's Switchboard balancer splits the
 * priority-10 replicas 3:1, leaves the priority-20 replica idle, and fails over to it once both
 * priority-10 replicas are gone.
 */
class SwitchboardChannelWithSrvPrioritiesTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private TestReplica heavy;
  private TestReplica light;
  private TestReplica backup;
  private DnsmasqProcess dns;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    heavy = new TestReplica("heavy");
    light = new TestReplica("light");
    backup = new TestReplica("backup");
    dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(30), DnsmasqProcess.records()
        .host("heavy.svc.test", "127.0.0.1").srv("_users._tcp.svc.test", "heavy.svc.test", heavy.port(), 10, 30)
        .host("light.svc.test", "127.0.0.1").srv("_users._tcp.svc.test", "light.svc.test", light.port(), 10, 10)
        .host("backup.svc.test", "127.0.0.1").srv("_users._tcp.svc.test", "backup.svc.test", backup.port(), 20, 10));
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    dns.close();
    heavy.close();
    light.close();
    backup.close();
  }

  private Map<String, Integer> call(int times) {
    Map<String, Integer> answers = new HashMap<>();
    for (int i = 0; i < times; i++) {
      String answer = ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO,
          CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS), "q");
      answers.merge(answer.substring(0, answer.indexOf(':')), 1, Integer::sum);
    }
    return answers;
  }

  @Test
  void thePriorityTenReplicasSplitByWeightAndThePriorityTwentyReplicaTakesOverWhenBothAreGone() throws Exception {
    channel = SwitchboardGrpc.channelBuilder("dns+srv://" + dns.address() + "/_users._tcp.svc.test").build();
    // gRPC hands the balancer each replica once its connection is ready; until the priority-10
    // connections are up, the first calls may reach a backup that connected first
    await().atMost(WAIT).untilAsserted(() -> assertThat(call(8)).containsOnlyKeys("heavy", "light"));
    int backupBefore = backup.calls.get();
    int n = 800;
    Map<String, Integer> split = call(n);
    assertThat(split.getOrDefault("heavy", 0) / (double) n).isCloseTo(0.75, offset(0.05));
    assertThat(split.getOrDefault("light", 0) / (double) n).isCloseTo(0.25, offset(0.05));
    assertThat(backup.calls.get()).isEqualTo(backupBefore);

    heavy.close();
    light.close();
    await().atMost(WAIT).untilAsserted(() -> assertThat(call(20)).containsOnlyKeys("backup"));
  }
}
