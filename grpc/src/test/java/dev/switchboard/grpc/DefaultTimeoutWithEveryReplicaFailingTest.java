package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.testing.SeededRandom;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's case: {@code defaultTimeout(300ms)}, every replica answering UNAVAILABLE after
 * 200 ms. The timeout bounds the whole call, retries and backoffs included, as on HTTP (it used to
 * bound each attempt: the call ended after 664 ms and three attempts). Time is the fake clock of
 * the channel's pipeline; the replicas answer when the test says so, at the fake instant it
 * chooses.
 */
class DefaultTimeoutWithEveryReplicaFailingTest extends TwoReplicas {
  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler clock = new FakeScheduler(ticker);
  private final AtomicInteger retries = new AtomicInteger();

  @Test
  void theDefaultTimeoutEndsTheCallAfterTheSecondAttemptNotAfterTheThird() throws Exception {
    open(GrpcChannelOptions.builder()
        .defaultTimeout(Duration.ofMillis(300))
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).random(new SeededRandom(7)).build())
        // Retries only: default hedging would add a hedge at 150 ms (½ of the call), which is not
        // this test's subject (HungReplicaWithDefaultsTest and AttemptsInterceptorWithHedgingTest's).
        .noHedging()
        .ticker(ticker).timer(clock)
        .telemetry(new TelemetryListener() {
          @Override
          public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
            retries.incrementAndGet();
          }
        })
        .build());
    bothConnected();
    a.calls.set(1); // one warm-up call each
    b.calls.set(1);
    a.hold = true;
    b.hold = true;
    long start = ticker.nanoTime();
    AtomicLong endedAt = new AtomicLong(-1);
    ListenableFuture<String> call = ClientCalls.futureUnaryCall(channel.newCall(TestReplica.ECHO, CallOptions.DEFAULT), "q");
    call.addListener(() -> endedAt.set(ticker.nanoTime() - start), Runnable::run);

    clock.advance(Duration.ofMillis(200));
    answerOneHeldCall(Status.UNAVAILABLE.withDescription("overloaded")); // attempt 1 fails at 200 ms
    await().atMost(Duration.ofSeconds(5)).until(() -> retries.get() == 1); // its backoff is on the clock
    clock.advance(Duration.ofMillis(25)); // the retry's full-jitter backoff (at most 25 ms) has passed
    await().atMost(Duration.ofSeconds(5)).until(() -> a.held.size() + b.held.size() == 1); // attempt 2 waits
    clock.advance(Duration.ofMillis(75)); // 300 ms: the call's deadline

    await().atMost(Duration.ofSeconds(5)).until(call::isDone);
    assertThat(statusOf(call)).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(Duration.ofNanos(endedAt.get())).isLessThanOrEqualTo(Duration.ofMillis(300));
    clock.advance(Duration.ofSeconds(1));
    assertThat(a.calls.get() + b.calls.get()).as("attempts sent").isEqualTo(2 + 2); // + the two warm-up calls
  }

  private void answerOneHeldCall(Status status) throws InterruptedException {
    await().atMost(Duration.ofSeconds(5)).until(() -> a.held.size() + b.held.size() == 1);
    (a.held.isEmpty() ? b : a).answerHeld(status);
  }

  private static Status.Code statusOf(ListenableFuture<?> call) throws InterruptedException {
    try {
      call.get();
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    }
  }
}
