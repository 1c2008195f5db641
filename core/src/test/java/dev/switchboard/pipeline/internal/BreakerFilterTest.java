package dev.switchboard.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The breaker step over a scripted engine: what it lets through and how it judges each call. */
class BreakerFilterTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();
  private static final Endpoint ENDPOINT = Endpoint.of("10.0.0.1", 80);

  private final FakeTicker ticker = new FakeTicker();
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private final CircuitBreaker breaker = CircuitBreaker.create(CircuitBreakerPolicy.builder()
      .failureRateThreshold(0.5).countWindow(4).minimumCalls(2).openDuration(Duration.ofSeconds(5))
      .halfOpenCalls(1).build(), "users", ticker, new TelemetryListener() {
        @Override
        public void onBreakerTransition(String service, String from, String to) {
          transitions.add(from + "->" + to);
        }
      });
  private final BreakerFilter filter = new BreakerFilter(breaker);
  /** What the engine behind the breaker does: one future per call, completed by the test. */
  private final List<CompletableFuture<Response>> sent = new CopyOnWriteArrayList<>();
  private final AttemptEngine engine = (call, request) -> {
    call.nextAttemptNumber();
    CompletableFuture<Response> f = new CompletableFuture<>();
    sent.add(f);
    return f;
  };

  private RealCall newCall(Duration timeout) {
    return new RealCall("users", GET, CallOptions.defaults(), ticker, Deadline.after(timeout, ticker),
        CallContext.empty().withCorrelationId("c-1").withTrace(TraceContext.newRoot()));
  }

  private CompletableFuture<Response> call(RealCall call) {
    return new RealChain(List.of(filter), 0, call, engine).proceed(GET);
  }

  private CompletableFuture<Response> call() {
    return call(newCall(Duration.ofSeconds(5)));
  }

  private static ServiceCallException failureOf(CompletableFuture<?> f) {
    Throwable t = catchThrowable(f::join);
    return (ServiceCallException) (t instanceof CompletionException ? t.getCause() : t);
  }

  private void failLast(ServiceCallException e) {
    sent.get(sent.size() - 1).completeExceptionally(e);
  }

  private void succeedLast() {
    sent.get(sent.size() - 1).complete(new Response(200, Map.of(), new byte[0], ENDPOINT));
  }

  @Test
  void serverFaultsOpenItAndAnOpenBreakerFailsFastWithoutRunningTheEngine() {
    call();
    failLast(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, false));
    call();
    failLast(new StatusException(ErrorKind.SERVER_ERROR, 500, "", null, false));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

    ServiceCallException refused = failureOf(call());

    assertThat(refused.kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(sent).hasSize(2);
    assertThat(transitions).containsExactly("closed->open");
  }

  @Test
  void clientErrorsAndSuccessesKeepItClosed() {
    for (int i = 0; i < 4; i++) {
      call();
      if (i % 2 == 0) {
        failLast(new StatusException(ErrorKind.CLIENT_ERROR, 404, "", null, false));
      } else {
        succeedLast();
      }
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aCancelledCallFreesTheHalfOpenTrialWithoutJudgingTheDestination() {
    call();
    failLast(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, false));
    call();
    failLast(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, false));
    ticker.advance(Duration.ofSeconds(5));

    CompletableFuture<Response> trial = call(); // the one half-open trial
    assertThat(failureOf(call()).kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN); // no second trial
    failLast(new CancelledCallException("caller went away", null));
    assertThat(trial).isCompletedExceptionally();

    call(); // the slot is free again
    succeedLast();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(transitions).containsExactly("closed->open", "open->half_open", "half_open->closed");
  }

  @Test
  void aCallWhoseDeadlinePassedWhileWaitingOnTheServerCountsAsAFailure() {
    RealCall slow = newCall(Duration.ofMillis(100));
    call(slow);
    ticker.advance(Duration.ofMillis(100)); // the pipeline's deadline timer then cancels the attempt
    failLast(new CancelledCallException("attempt cancelled", null));
    RealCall slowToo = newCall(Duration.ofMillis(100));
    call(slowToo);
    ticker.advance(Duration.ofMillis(100));
    failLast(new CancelledCallException("attempt cancelled", null));

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void aCallRefusedFurtherDownIsIgnored() {
    for (int i = 0; i < 4; i++) {
      call();
      failLast(new RejectedCallException(ErrorKind.NO_ENDPOINTS, "nothing to send to"));
    }
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
