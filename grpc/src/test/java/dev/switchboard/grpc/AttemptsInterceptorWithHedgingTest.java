package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.context.CallContext;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  private String call(Duration deadline) {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), "q");
  }

  @Test
  void hedgedCallWithOneSlowReplicaCompletesAndTheSlowServerSeesCancelled() {
    slow.delayMillis = 10_000; // far beyond the call's deadline: only a hedge can answer in time
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(slow, fast),
        GrpcChannelOptions.builder().attempts(GrpcAttemptPolicy.hedging(2, Duration.ofMillis(30))).build()).build();
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
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(slow, fast),
        GrpcChannelOptions.builder().attempts(GrpcAttemptPolicy.retries(3)).build()).build();
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
  void negativePushbackStopsRetries() {
    slow.failWith = Status.UNAVAILABLE.withDescription("downstream exhausted");
    Metadata trailers = new Metadata();
    trailers.put(GrpcErrors.PUSHBACK_KEY, "-1");
    slow.failTrailers = trailers;
    fast.failWith = slow.failWith;
    fast.failTrailers = trailers;
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(slow, fast),
        GrpcChannelOptions.builder().attempts(GrpcAttemptPolicy.retries(3)).build()).build();
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).isInstanceOf(StatusRuntimeException.class);
    assertThat(slow.calls.get() + fast.calls.get()).isEqualTo(1);
  }

  @Test
  void retriesPayFromTheBudgetAndStopWhenItIsEmpty() {
    slow.failWith = Status.UNAVAILABLE;
    fast.failWith = Status.UNAVAILABLE;
    AtomicInteger withdrawals = new AtomicInteger();
    GrpcRetryBudget empty = new GrpcRetryBudget() {
      @Override
      public void deposit() {}

      @Override
      public boolean tryWithdraw() {
        withdrawals.incrementAndGet();
        return false;
      }
    };
    channel = SwitchboardGrpc.channelBuilder(TestReplica.staticTarget(slow, fast),
        GrpcChannelOptions.builder().attempts(GrpcAttemptPolicy.retries(3).toBuilder().budget(empty).build())
            .build()).build();
    assertThatThrownBy(() -> call(Duration.ofSeconds(3))).isInstanceOf(StatusRuntimeException.class);
    assertThat(slow.calls.get() + fast.calls.get()).isEqualTo(1);
    assertThat(withdrawals.get()).isEqualTo(1);
  }
}
