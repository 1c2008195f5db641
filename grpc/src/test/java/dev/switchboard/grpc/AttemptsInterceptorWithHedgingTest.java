package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.context.CallContext;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.time.Ticker;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Core's retry engine rules and hedging on gRPC, against two real loopback replicas. */
class AttemptsInterceptorWithHedgingTest {
  private TestReplica slow;
  private TestReplica fast;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    slow = new TestReplica("slow");
    fast = new TestReplica("fast");
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    slow.close();
    fast.close();
  }

  private void open(GrpcChannelOptions options) {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(slow, fast), options).build();
  }

  private String call(Duration deadline) {
    return call(TestReplica.ECHO, CallOptions.DEFAULT, deadline);
  }

  private String call(MethodDescriptor<String, String> method, CallOptions options, Duration deadline) {
    return ClientCalls.blockingUnaryCall(channel, method,
        options.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), "q");
  }

  private int totalCalls() {
    return slow.calls.get() + fast.calls.get();
  }

  @Test
  void hedgedCallWithOneSlowReplicaCompletesAndTheSlowServerSeesCancelled() {
    slow.delayMillis = 10_000; // far beyond the call's deadline: only a hedge can answer in time
    open(GrpcChannelOptions.builder().retryPolicy(RetryPolicy.noRetries()).hedging(2, Duration.ofMillis(30)).build());
    // Round robin sends first attempts to the slow replica too, once its subchannel is READY.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      assertThat(call(Duration.ofSeconds(3))).isEqualTo("fast:q");
      return slow.calls.get() >= 3;
    });
    await().atMost(Duration.ofSeconds(5)).untilAsserted(
        () -> assertThat(slow.cancelled.get()).isEqualTo(slow.calls.get()));
    CallContext hedge = fast.contexts.stream().filter(CallContext::hedge).findFirst().orElseThrow();
    assertThat(hedge.attempt()).isEqualTo(2);
  }

  @Test
  void retriesGoToAnotherReplicaAndShareOneCorrelationId() {
    slow.failWith = Status.UNAVAILABLE.withDescription("overloaded");
    open(GrpcChannelOptions.builder().retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      assertThat(call(Duration.ofSeconds(3))).isEqualTo("fast:q");
      return slow.calls.get() >= 3;
    });
    CallContext firstTry = slow.contexts.poll();
    CallContext retry = fast.contexts.stream()
        .filter(c -> c.correlationId().equals(firstTry.correlationId())).findFirst().orElseThrow();
    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(retry.trace().orElseThrow().traceId()).isEqualTo(firstTry.trace().orElseThrow().traceId());
  }

  @Test
  void negativePushbackStopsRetriesAndTheStatusSaysWhy() {
    slow.failWith = Status.UNAVAILABLE.withDescription("downstream exhausted");
    Metadata trailers = new Metadata();
    trailers.put(GrpcErrors.PUSHBACK_KEY, "-1");
    slow.failTrailers = trailers;
    fast.failWith = slow.failWith;
    fast.failTrailers = trailers;
    open(GrpcChannelOptions.defaults());
    assertThatThrownBy(() -> call(Duration.ofSeconds(3)))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("not retried: the server asked not to retry");
    assertThat(totalCalls()).isEqualTo(1);
  }

  @Test
  void retriesStopWhenTheCoreBudgetIsEmpty() {
    slow.failWith = Status.UNAVAILABLE;
    fast.failWith = Status.UNAVAILABLE;
    // One retry per second of window and no ratio: the budget allows exactly one retry per window.
    RetryBudget budget = RetryBudget.create(RetryBudgetPolicy.builder().ratio(0).minRetriesPerSecond(1)
        .window(Duration.ofSeconds(1)).build(), new FakeTicker());
    open(GrpcChannelOptions.builder().sharedRetryBudget(budget).build());
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).hasMessageContaining("retry budget");
    assertThat(totalCalls()).isEqualTo(2); // first attempt + the one retry the budget allowed
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).hasMessageContaining("retry budget");
    assertThat(totalCalls()).isEqualTo(3); // no retry this time
    assertThat(budget.balance()).isZero();
  }

  @Test
  void aBudgetSpentByAnotherClientOfTheDestinationStopsGrpcRetries() {
    slow.failWith = Status.UNAVAILABLE;
    fast.failWith = Status.UNAVAILABLE;
    RetryBudget shared = RetryBudget.create(RetryBudgetPolicy.builder().ratio(0).minRetriesPerSecond(1)
        .window(Duration.ofSeconds(1)).build(), new FakeTicker());
    assertThat(shared.tryWithdraw()).isTrue(); // e.g. the HTTP client of the same destination retried
    open(GrpcChannelOptions.builder().sharedRetryBudget(shared).build());
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).hasMessageContaining("retry budget");
    assertThat(totalCalls()).isEqualTo(1);
  }

  @Test
  void aMethodNotDeclaredIdempotentIsNotRetried() {
    slow.failWith = Status.UNAVAILABLE;
    fast.failWith = Status.UNAVAILABLE;
    open(GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited()).build());
    assertThatThrownBy(() -> call(TestReplica.ECHO_UNSAFE, CallOptions.DEFAULT, Duration.ofSeconds(3)))
        .hasMessageContaining("test.Echo/EchoUnsafe is not idempotent");
    assertThat(totalCalls()).isEqualTo(1);
  }

  @Test
  void anExplicitlyAllowedCallIsRetriedLikeAnIdempotentOne() {
    slow.failWith = Status.UNAVAILABLE;
    fast.failWith = Status.UNAVAILABLE;
    open(GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited()).build());
    assertThatThrownBy(() -> call(TestReplica.ECHO_UNSAFE, CallOptions.DEFAULT.withOption(SwitchboardGrpc.IDEMPOTENT, true),
        Duration.ofSeconds(3))).hasMessageContaining("maxAttempts (3) reached");
    assertThat(totalCalls()).isEqualTo(3);
  }

  @Test
  void aMethodListedInIdempotentMethodsIsRetried() {
    slow.failWith = Status.UNAVAILABLE;
    fast.failWith = Status.UNAVAILABLE;
    open(GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited())
        .idempotentMethods("test.Echo/EchoUnsafe").build());
    assertThatThrownBy(() -> call(TestReplica.ECHO_UNSAFE, CallOptions.DEFAULT, Duration.ofSeconds(3)))
        .hasMessageContaining("maxAttempts (3) reached");
    assertThat(totalCalls()).isEqualTo(3);
  }

  @Test
  void aMethodNotDeclaredIdempotentIsNeverHedged() {
    slow.delayMillis = 300;
    fast.delayMillis = 300;
    open(GrpcChannelOptions.builder().hedging(3, Duration.ofMillis(10)).build());
    assertThat(call(TestReplica.ECHO_UNSAFE, CallOptions.DEFAULT, Duration.ofSeconds(3))).endsWith(":q");
    assertThat(totalCalls()).isEqualTo(1);
  }

  @Test
  void anAdaptiveDelayLearnsFromGrpcLatenciesAndHedgesLongBeforeItsMaximum() {
    HedgingPolicy policy = HedgingPolicy.builder().maxAttempts(2).adaptiveDelay(50)
        .minDelay(Duration.ofMillis(1)).maxDelay(Duration.ofSeconds(5)).minSamples(10).build();
    HedgeDelay delay = HedgeDelay.create(policy, Ticker.system()); // shareable with an HTTP client
    open(GrpcChannelOptions.builder().retryPolicy(RetryPolicy.noRetries())
        .hedging(policy).sharedHedgeDelay(delay).build());
    assertThat(delay.current()).isEqualTo(Duration.ofSeconds(5)); // no samples yet: the maximum
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      call(Duration.ofSeconds(3));
      return delay.current().compareTo(Duration.ofSeconds(1)) < 0;
    });
    slow.delayMillis = 10_000;
    // Each call has 2 s, less than the 5 s maximum delay: only the learnt p50 can hedge in time.
    for (int i = 0; i < 6; i++) {
      assertThat(call(Duration.ofSeconds(2))).isEqualTo("fast:q");
    }
    assertThat(fast.contexts.stream().filter(CallContext::hedge)).isNotEmpty();
  }

  @Test
  void anUnavailableAnswerSendsTheNextHedgeAtOnce() {
    // No retries, and a hedge delay longer than each call's deadline: only an immediate hedge
    // after the non-fatal UNAVAILABLE can save a call whose first attempt went to "slow".
    open(GrpcChannelOptions.builder().retryPolicy(RetryPolicy.noRetries()).hedging(2, Duration.ofSeconds(10)).build());
    bothReplicasConnected();
    slow.failWith = Status.UNAVAILABLE.withDescription("restarting");
    for (int i = 0; i < 6; i++) {
      assertThat(call(Duration.ofSeconds(3))).isEqualTo("fast:q");
    }
    assertThat(slow.calls.get()).isPositive();
  }

  /** Until both subchannels are READY (each answered once): a hedge then has an unused replica. */
  private void bothReplicasConnected() {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      call(Duration.ofSeconds(3));
      return slow.calls.get() > 0 && fast.calls.get() > 0;
    });
  }

  @Test
  void aHedgeWithNoUnusedReplicaIsNotSentAndARetryFollowsInstead() {
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(slow), GrpcChannelOptions.builder()
        .retryBudget(RetryBudgetPolicy.unlimited()).hedging(2, Duration.ofSeconds(10)).build()).build();
    slow.failWith = Status.UNAVAILABLE.withDescription("restarting");
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).hasMessageContaining("maxAttempts (3) reached");
    assertThat(slow.calls.get()).isEqualTo(3); // the first attempt and two retries after backoff
    assertThat(slow.contexts).noneMatch(CallContext::hedge); // no copy went to the replica in use
  }

  @Test
  void hedgesAndRetriesShareOneAttemptCap() {
    slow.failWith = Status.INTERNAL; // retryable, but not a reason to hedge at once
    fast.failWith = Status.INTERNAL;
    open(GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited())
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).hedging(2, Duration.ofMillis(20)).build());
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).hasMessageContaining("maxAttempts (3) reached");
    // Whether or not the 20 ms hedge fired before the first failure came back, the call ends after
    // max(retry 3, hedging 2) = 3 attempts in all: a retry follows once nothing is in flight.
    assertThat(totalCalls()).isEqualTo(3);
  }

  @Test
  void aFailureThatIsNotRetriedEndsAHedgedCallWithoutFurtherHedges() {
    slow.failWith = Status.NOT_FOUND.withDescription("no such user");
    fast.failWith = slow.failWith;
    open(GrpcChannelOptions.builder().hedging(3, Duration.ofMillis(200)).build());
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(totalCalls()).isEqualTo(1); // the pending hedge timer was cancelled
  }

  @Test
  void retryOnStatusComparesTheHttpAnalogueOfTheGrpcCode() {
    slow.failWith = Status.INTERNAL; // 500: not in the list
    fast.failWith = Status.INTERNAL;
    open(GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited())
        .retryPolicy(RetryPolicy.builder().retryOnStatus(503).build()).build());
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).isInstanceOf(StatusRuntimeException.class);
    assertThat(totalCalls()).isEqualTo(1);
    slow.failWith = Status.UNAVAILABLE; // 503: listed
    fast.failWith = Status.UNAVAILABLE;
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).hasMessageContaining("maxAttempts (3) reached");
    assertThat(totalCalls()).isEqualTo(4);
  }

  @Test
  void aPerAttemptTimeoutRetriesTheSlowAttemptElsewhere() {
    slow.delayMillis = 10_000;
    open(GrpcChannelOptions.builder().retryBudget(RetryBudgetPolicy.unlimited())
        .retryPolicy(RetryPolicy.builder().perAttemptTimeout(Duration.ofMillis(200)).build()).build());
    for (int i = 0; i < 4; i++) {
      assertThat(call(Duration.ofSeconds(5))).isEqualTo("fast:q");
    }
    assertThat(slow.calls.get()).isPositive(); // some first attempts went to the slow one and timed out
  }
}
