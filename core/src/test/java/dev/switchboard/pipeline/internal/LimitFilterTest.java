package dev.switchboard.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.ConcurrencyLimit;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The concurrency-limit step over a scripted engine, waits on the shared fake clock. */
class LimitFilterTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();
  private static final Endpoint ENDPOINT = Endpoint.of("10.0.0.1", 80);

  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler timer = new FakeScheduler(ticker);
  /** Each call the engine behind the limit started: one future per call, completed by the test. */
  private final List<CompletableFuture<Response>> started = new CopyOnWriteArrayList<>();
  private final AttemptEngine engine = (call, request) -> {
    call.nextAttemptNumber();
    CompletableFuture<Response> f = new CompletableFuture<>();
    started.add(f);
    return f;
  };

  private ConcurrencyLimit limit(ConcurrencyLimitPolicy policy) {
    return ConcurrencyLimit.create(policy, "users", ticker, TelemetryListener.NOOP, timer);
  }

  private CompletableFuture<Response> call(LimitFilter filter, Duration timeout) {
    RealCall call = new RealCall("users", GET, CallOptions.defaults(), ticker, Deadline.after(timeout, ticker),
        CallContext.empty().withCorrelationId("c-1").withTrace(TraceContext.newRoot()));
    return new RealChain(List.of(filter), 0, call, engine).proceed(GET);
  }

  private static ServiceCallException failureOf(CompletableFuture<?> f) {
    Throwable t = catchThrowable(f::join);
    return (ServiceCallException) (t instanceof CompletionException ? t.getCause() : t);
  }

  private static Response ok() {
    return new Response(200, Map.of(), new byte[0], ENDPOINT);
  }

  @Test
  void aCallHoldsItsSlotUntilItsFinalOutcome() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.fixed(2));
    LimitFilter filter = new LimitFilter(limit);

    CompletableFuture<Response> a = call(filter, Duration.ofSeconds(5));
    assertThat(limit.inFlight()).isOne();
    started.get(0).complete(ok());

    assertThat(a.join().status()).isEqualTo(200);
    assertThat(limit.inFlight()).isZero();
  }

  @Test
  void whenFullWithoutWaitingACallFailsFastAndNeverReachesTheEngine() {
    LimitFilter filter = new LimitFilter(limit(ConcurrencyLimitPolicy.fixed(1)));
    call(filter, Duration.ofSeconds(5));

    ServiceCallException refused = failureOf(call(filter, Duration.ofSeconds(5)));

    assertThat(refused.kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED);
    assertThat(refused.getMessage()).contains("users", "1 in flight, limit 1");
    assertThat(started).hasSize(1);
  }

  @Test
  void aWaitingCallGetsTheSlotTheFirstCallGivesBack() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.fixed(1).toBuilder().maxWait(Duration.ofMillis(50)).build());
    LimitFilter filter = new LimitFilter(limit);
    CompletableFuture<Response> first = call(filter, Duration.ofSeconds(5));
    CompletableFuture<Response> second = call(filter, Duration.ofSeconds(5));
    assertThat(started).hasSize(1);

    timer.advance(Duration.ofMillis(20));
    started.get(0).complete(ok()); // its slot is handed to the waiter

    assertThat(first).isCompleted();
    assertThat(started).hasSize(2);
    assertThat(limit.inFlight()).isOne();
    started.get(1).complete(ok());
    assertThat(second.join().status()).isEqualTo(200);
    assertThat(timer.pendingCount()).isZero(); // the wait's timeout was cancelled
  }

  @Test
  void aWaitIsClippedToTheCallsRemainingTime() {
    LimitFilter filter = new LimitFilter(limit(ConcurrencyLimitPolicy.fixed(1).toBuilder()
        .maxWait(Duration.ofSeconds(1)).build()));
    call(filter, Duration.ofSeconds(5));
    CompletableFuture<Response> late = call(filter, Duration.ofMillis(30));

    timer.advance(Duration.ofMillis(29));
    assertThat(late).isNotDone();
    timer.advance(Duration.ofMillis(1));

    assertThat(failureOf(late).kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED);
    assertThat(started).hasSize(1);
  }

  @Test
  void overloadSignalsShrinkAnAdaptiveLimitAndCancelledCallsTeachItNothing() {
    ConcurrencyLimit limit = limit(ConcurrencyLimitPolicy.aimd().initialLimit(10).build());
    LimitFilter filter = new LimitFilter(limit);

    call(filter, Duration.ofSeconds(5));
    started.get(0).completeExceptionally(new CancelledCallException("caller went away", null));
    assertThat(limit.limit()).isEqualTo(10);
    assertThat(limit.inFlight()).isZero();

    call(filter, Duration.ofSeconds(5));
    started.get(1).completeExceptionally(new StatusException(ErrorKind.SERVER_ERROR, 503, "", null, false));
    assertThat(limit.limit()).isEqualTo(9); // x0.9 on a drop
    assertThat(limit.inFlight()).isZero();
  }
}
