package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.testing.SeededRandom;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * switchboard_peak_ewma on a real channel: the pipeline feeds each endpoint's peak EWMA from real
 * gRPC calls, and a slow replica gets a small share. Bounded, seeded, and on a fake clock: the slow
 * replica's handler advances the channel's ticker by 50 ms, so each of its answers measures 50 ms
 * and every other answer 0, whatever the machine's load (on the real clock a busy machine made the
 * fast replicas' latencies spike past the slow one's decaying peak, and the test flaked).
 */
class PeakEwmaWithSlowReplicaTest {
  private static final int CALLS = 200;
  private final TestReplica[] replicas = new TestReplica[3];
  private final FakeTicker ticker = new FakeTicker();
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < replicas.length; i++) {
      replicas[i] = new TestReplica("r" + i);
    }
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    for (TestReplica r : replicas) {
      r.close();
    }
  }

  private ManagedChannel open(String policy) {
    // A 250 ms decay, on the fake clock: it passes only while the slow replica answers. A 100 us
    // default RTT lets a replica whose subchannel turns READY after the others have samples be
    // tried at once. The fake timer never fires by itself: no deadline or hedge interferes.
    return SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(replicas), GrpcChannelOptions.builder()
        .balancing(BalancingPolicy.builder().peakEwmaDecay(Duration.ofMillis(250))
            .peakEwmaDefaultRtt(Duration.ofNanos(100_000)).build())
        .ticker(ticker).timer(new FakeScheduler(ticker))
        .balancer(policy).retryPolicy(RetryPolicy.noRetries()).random(new SeededRandom(42)).build()).build();
  }

  /** Until all three (still fast) replicas answered, so all three subchannels are READY; then r2 turns slow. */
  private void warmUpThenSlowDownR2() {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      SwitchboardChannelWithStaticTargetTest.echo(channel, "warm");
      return replicas[0].calls.get() > 0 && replicas[1].calls.get() > 0 && replicas[2].calls.get() > 0;
    });
    replicas[2].behaviour = request -> { // calls are sequential: the 50 ms are this call's alone
      ticker.advance(Duration.ofMillis(50));
      return "r2:" + request;
    };
  }

  private int slowCallsOutOf(int calls) {
    int before = replicas[2].calls.get();
    for (int i = 0; i < calls; i++) {
      assertThat(SwitchboardChannelWithStaticTargetTest.echo(channel, "x")).startsWith("r");
    }
    return replicas[2].calls.get() - before;
  }

  @Test
  void peakEwmaSendsTheSlowReplicaLittleTraffic() {
    channel = open("peak_ewma");
    warmUpThenSlowDownR2();
    int slow = slowCallsOutOf(CALLS);
    // Round robin would send it a third (about 67 calls). P2C x peak EWMA sends it at most one: its
    // first slow answer raises its peak EWMA to 50 ms at once, and from then on it loses every
    // comparison with a replica answering in no (fake) time; its peak decays only while it answers.
    assertThat(slow).isLessThanOrEqualTo(1);
    assertThat(replicas[0].calls.get()).isGreaterThan(CALLS / 4);
    assertThat(replicas[1].calls.get()).isGreaterThan(CALLS / 4);
  }

  @Test
  void roundRobinForComparisonSendsItAThird() {
    channel = open("round_robin");
    warmUpThenSlowDownR2();
    assertThat(slowCallsOutOf(30)).isEqualTo(10);
  }
}
