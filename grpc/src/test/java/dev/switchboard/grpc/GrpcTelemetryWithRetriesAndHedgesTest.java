package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gRPC calls emit the HTTP pipeline's telemetry, because they run through it: the same events, in
 * the same order, with the call named as on the wire ({@code POST /test.Echo/Echo}) under the
 * channel's name. The adaptive hedge delay learns from gRPC attempts by HTTP's rule: a loser
 * cancelled before the delay is not a sample.
 */
class GrpcTelemetryWithRetriesAndHedgesTest extends TwoReplicas {
  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler clock = new FakeScheduler(ticker);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final TelemetryListener recorder = new TelemetryListener() {
    @Override
    public void onCallStart(CallInfo call) {
      events.add("call start " + call.service() + " " + call.method() + " " + call.path());
    }

    @Override
    public void onCallEnd(CallInfo call, Duration elapsed, ServiceCallException error) {
      events.add("call end " + (error == null ? "ok" : error.kind()));
    }

    @Override
    public void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
      events.add("attempt " + attempt + (hedge ? " hedge" : "") + " start " + endpoint.port());
    }

    @Override
    public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration latency, ServiceCallException error) {
      events.add("attempt " + attempt + " end " + (error == null ? "ok" : error.kind()));
    }

    @Override
    public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
      events.add("retry " + nextAttempt);
    }

    @Override
    public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
      events.add("hedge " + event + " " + attempt);
    }
  };
  private void connected() {
    bothConnected();
    events.clear();
  }

  @Test
  void aRetriedCallReportsEachAttemptAndTheRetryLikeAnHttpCall() {
    open(GrpcChannelOptions.builder().name("echo").telemetry(recorder).ticker(ticker).timer(clock)
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ZERO, 1.0, Duration.ZERO).build()).build());
    connected();
    a.failWith = Status.UNAVAILABLE;
    for (int i = 0; i < 10 && !events.contains("retry 2"); i++) {
      events.clear();
      assertThat(echo()).isEqualTo("b:q");
    }
    assertThat(events).containsExactly(
        "call start echo POST /test.Echo/Echo",
        "attempt 1 start " + a.port(), "attempt 1 end SERVER_ERROR",
        "retry 2",
        "attempt 2 start " + b.port(), "attempt 2 end ok",
        "call end ok");
  }

  @Test
  void aHedgeCancelledByAnEarlierWinnerIsReportedLostAndIsNoLatencySample() throws Exception {
    HedgingPolicy hedging = HedgingPolicy.builder().maxAttempts(2).adaptiveDelay(95)
        .minDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(30)).minSamples(1000).build();
    HedgeDelay delay = HedgeDelay.create(hedging, ticker); // below minSamples: the 30 ms maximum
    open(GrpcChannelOptions.builder().telemetry(recorder).ticker(ticker).timer(clock).retryPolicy(RetryPolicy.noRetries())
        .hedgingPolicy(hedging).sharedHedgeDelay(delay).build());
    connected();
    a.hold = true;
    b.hold = true;
    long samplesBefore = delay.samples();
    ListenableFuture<String> call = ClientCalls.futureUnaryCall(channel.newCall(TestReplica.ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)), "q");
    await().atMost(Duration.ofSeconds(5)).until(() -> a.held.size() + b.held.size() == 1);
    TestReplica original = a.held.isEmpty() ? b : a;
    TestReplica hedged = original == a ? b : a;

    clock.advance(Duration.ofMillis(30)); // the hedge delay: a copy goes to the other replica
    await().atMost(Duration.ofSeconds(5)).until(() -> hedged.held.size() == 1);
    original.answerHeld(null); // the original wins just after the hedge went out

    assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(original.name + ":held");
    await().atMost(Duration.ofSeconds(5)).until(() -> hedged.cancelled.get() == 1); // CANCELLED on the server
    await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("hedge LOST 2"));
    assertThat(events).containsSubsequence("attempt 1 start " + original.port(), "hedge ISSUED 2",
        "attempt 1 end ok", "call end ok");
    assertThat(events).contains("attempt 2 hedge start " + hedged.port(), "attempt 2 end CANCELLED");
    assertThat(delay.samples() - samplesBefore).as("latency samples: the original, not the early loser").isEqualTo(1);
  }
}
