package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A positive {@code grpc-retry-pushback-ms} moves the retry to another replica at once and keeps
 * calls away from the replica that pushed back until its time is up: the HTTP pipeline's rule for
 * {@code Retry-After}, now the same code. Time is a fake clock that the test only moves at the end,
 * so a retry that waited for the pushback would never happen.
 */
class GrpcRetriesWithPushbackTest extends TwoReplicas {
  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler clock = new FakeScheduler(ticker);

  @Test
  void aPushedBackAttemptIsRetriedOnAnotherReplicaAtOnceAndTheReplicaRestsUntilItsTimeIsUp() {
    open(GrpcChannelOptions.builder().ticker(ticker).timer(clock).build());
    TestReplica busy = a; // b stays free
    bothConnected();
    Metadata pushback = new Metadata();
    pushback.put(GrpcErrors.PUSHBACK_KEY, "5000");
    busy.failTrailers = pushback;
    busy.failWith = Status.UNAVAILABLE.withDescription("busy, come back in 5 s");
    int busyBefore = busy.calls.get();
    for (int i = 0; i < 10 && busy.calls.get() == busyBefore; i++) { // round robin: a call or two
      assertThat(echo()).isEqualTo("b:q"); // never waited: the fake clock has not moved
    }
    assertThat(busy.calls.get()).as("attempts that met the pushback").isEqualTo(busyBefore + 1);
    int busyCalls = busy.calls.get();
    for (int i = 0; i < 10; i++) {
      assertThat(echo()).isEqualTo("b:q");
    }
    assertThat(busy.calls.get()).as("calls sent to the replica backing off").isEqualTo(busyCalls);

    busy.failWith = null;
    clock.advance(Duration.ofMillis(5001));
    await().atMost(Duration.ofSeconds(5)).until(() -> echo().equals("a:q"));
  }
}
