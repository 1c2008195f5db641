package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A positive {@code grpc-retry-pushback-ms} moves the retry to another replica at once and keeps
 * calls away from the replica that pushed back until its time is up: the HTTP pipeline's rule for
 * {@code Retry-After}, now the same code. Time is a fake clock that the test only moves at the end,
 * so a retry that waited for the pushback would never happen.
 */
class GrpcRetriesWithPushbackTest {
  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler clock = new FakeScheduler(ticker);
  private TestReplica busy;
  private TestReplica free;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    busy = new TestReplica("busy");
    free = new TestReplica("free");
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(busy, free),
        GrpcChannelOptions.builder().ticker(ticker).timer(clock).build()).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    busy.close();
    free.close();
  }

  private String echo() {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "q");
  }

  @Test
  void aPushedBackAttemptIsRetriedOnAnotherReplicaAtOnceAndTheReplicaRestsUntilItsTimeIsUp() {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      echo();
      return busy.calls.get() > 0 && free.calls.get() > 0;
    });
    Metadata pushback = new Metadata();
    pushback.put(GrpcErrors.PUSHBACK_KEY, "5000");
    busy.failTrailers = pushback;
    busy.failWith = Status.UNAVAILABLE.withDescription("busy, come back in 5 s");
    int busyBefore = busy.calls.get();
    for (int i = 0; i < 10 && busy.calls.get() == busyBefore; i++) { // round robin: a call or two
      assertThat(echo()).isEqualTo("free:q"); // never waited: the fake clock has not moved
    }
    assertThat(busy.calls.get()).as("attempts that met the pushback").isEqualTo(busyBefore + 1);
    int busyCalls = busy.calls.get();
    for (int i = 0; i < 10; i++) {
      assertThat(echo()).isEqualTo("free:q");
    }
    assertThat(busy.calls.get()).as("calls sent to the replica backing off").isEqualTo(busyCalls);

    busy.failWith = null;
    clock.advance(Duration.ofMillis(5001));
    await().atMost(Duration.ofSeconds(5)).until(() -> echo().equals("busy:q"));
  }
}
