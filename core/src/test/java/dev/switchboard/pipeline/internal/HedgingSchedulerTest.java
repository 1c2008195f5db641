package dev.switchboard.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class HedgingSchedulerTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();
  private static final Duration MS = Duration.ofMillis(1);

  private final FakeTicker ticker = new FakeTicker(1_000_000_000L);
  private final FakeScheduler scheduler = new FakeScheduler(ticker);
  private final Events events = new Events();
  private final RetryBudget budget = RetryBudget.create(RetryBudgetPolicy.unlimited(), ticker);

  /** Records hedge, retry and refusal events. */
  static final class Events implements TelemetryListener {
    final List<String> hedges = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final List<Integer> retries = new CopyOnWriteArrayList<>();

    @Override
    public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
      hedges.add(event + " " + attempt + " " + endpoint.host());
    }

    @Override
    public void onRetryRefused(CallInfo call, String reason, ServiceCallException cause) {
      refusals.add(reason);
    }

    @Override
    public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
      retries.add(nextAttempt);
    }
  }

  /** Each call's scripted endpoints: one engine serves several calls in some tests. */
  private final Map<RealCall, ScriptedAttempts> scripts = new ConcurrentHashMap<>();
  private final AttemptSender sender = (call, request, hedge) -> scripts.get(call).send(call, request, hedge);

  /** The production engine with its timers on the fake scheduler: the same code path, fake time. */
  private HedgingScheduler engine(HedgingPolicy hedging, RetryPolicy retry, RetryBudget budget) {
    AttemptScheduler retries = new AttemptScheduler(retry, budget, sender, scheduler, events);
    return new HedgingScheduler(hedging, retry, budget, HedgeDelay.create(hedging, ticker), retries, sender,
        scheduler, events);
  }

  private HedgingScheduler engine(HedgingPolicy hedging) {
    return engine(hedging, RetryPolicy.noRetries(), budget);
  }

  /** Runs one call as the pipeline would: through the engine, finishing the call when decided. */
  private CompletableFuture<Response> run(HedgingScheduler engine, Request request, ScriptedAttempts attempts) {
    RealCall call = new RealCall("users", request, CallOptions.defaults(), ticker,
        Deadline.after(Duration.ofSeconds(5), ticker),
        CallContext.empty().withCorrelationId("c-1").withTrace(TraceContext.newRoot()));
    scripts.put(call, attempts);
    CompletableFuture<Response> result = engine.run(call, request);
    result.whenComplete((r, e) -> call.finish());
    return result;
  }

  private static StatusException status(int status) {
    return new StatusException(status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.CLIENT_ERROR, status, "", null, false);
  }

  @Test
  void hedgesGoOutAfterEachFixedDelayToUnusedEndpointsUntilMaxAttempts() {
    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    CompletableFuture<Response> result =
        run(engine(HedgingPolicy.builder().fixedDelay(Duration.ofMillis(50)).maxAttempts(3).build()), GET, attempts);

    scheduler.advance(MS.multipliedBy(49));
    assertThat(attempts.sent).hasSize(1);
    scheduler.advance(MS);
    assertThat(attempts.sent).hasSize(2);
    scheduler.advance(MS.multipliedBy(50));
    assertThat(attempts.sent).hasSize(3);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(attempts.sent).hasSize(3); // maxAttempts
    assertThat(attempts.sent).extracting(ScriptedAttempts.Sent::hedge).containsExactly(false, true, true);
    assertThat(attempts.sent).extracting(ScriptedAttempts.Sent::endpoint).doesNotHaveDuplicates();
    assertThat(attempts.get(2).sentAtNanos() - attempts.get(1).sentAtNanos()).isEqualTo(MS.multipliedBy(50).toNanos());

    attempts.get(2).succeed();

    assertThat(result).isCompletedWithValueMatching(r -> r.endpoint().equals(attempts.get(2).endpoint()));
    assertThat(attempts.get(1).future()).isCancelled();
    assertThat(attempts.get(3).future()).isCancelled();
    assertThat(events.hedges).containsExactly(
        "ISSUED 2 10.0.0.2", "ISSUED 3 10.0.0.3", "WON 2 10.0.0.2", "LOST 3 10.0.0.3");
  }

  @Test
  void aNonFatalOutcomeSendsTheNextHedgeAtOnce() {
    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    CompletableFuture<Response> result =
        run(engine(HedgingPolicy.builder().fixedDelay(Duration.ofMillis(50)).maxAttempts(3).build()), GET, attempts);

    scheduler.advance(MS.multipliedBy(10));
    attempts.get(1).fail(status(503));
    assertThat(attempts.sent).hasSize(2);
    assertThat(attempts.get(2).sentAtNanos() - attempts.get(1).sentAtNanos()).isEqualTo(MS.multipliedBy(10).toNanos());

    scheduler.advance(MS.multipliedBy(5));
    attempts.get(2).fail(new TransportException(ErrorKind.CONNECT_FAILED, "refused", true, null));
    assertThat(attempts.sent).hasSize(3);
    assertThat(attempts.get(3).hedge()).isTrue();

    attempts.get(3).succeed();
    assertThat(result).isCompleted();
    assertThat(events.hedges).containsExactly(
        "ISSUED 2 10.0.0.2", "LOST 2 10.0.0.2", "ISSUED 3 10.0.0.3", "WON 3 10.0.0.3");
  }

  @Test
  void noHedgeIsSentOnceTheFirstAttemptHasSucceeded() {
    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    CompletableFuture<Response> result =
        run(engine(HedgingPolicy.builder().fixedDelay(Duration.ofMillis(50)).maxAttempts(3).build()), GET, attempts);

    scheduler.advance(MS.multipliedBy(49));
    attempts.get(1).succeed();
    scheduler.advance(Duration.ofSeconds(2));

    assertThat(result).isCompleted();
    assertThat(attempts.sent).hasSize(1);
    assertThat(scheduler.pendingDelays()).isEmpty(); // the hedge timer was cancelled
    assertThat(events.hedges).isEmpty();
  }

  @Test
  void onceTheBudgetIsSpentHedgingStopsAndTheCallWaitsOnItsAttempt() {
    // No ratio, 1 extra attempt per second over a 1 s window: exactly one token.
    RetryBudget small = RetryBudget.create(
        RetryBudgetPolicy.builder().ratio(0).minRetriesPerSecond(1).window(Duration.ofSeconds(1)).build(), ticker);
    HedgingScheduler engine = engine(HedgingPolicy.fixed(Duration.ofMillis(10)), RetryPolicy.noRetries(), small);
    ScriptedAttempts first = new ScriptedAttempts(ticker, 3);
    ScriptedAttempts second = new ScriptedAttempts(ticker, 3);

    CompletableFuture<Response> a = run(engine, GET, first);
    CompletableFuture<Response> b = run(engine, GET, second);
    scheduler.advance(MS.multipliedBy(10));

    assertThat(first.sent).hasSize(2); // took the only token
    assertThat(second.sent).hasSize(1); // refused, and no further timer
    assertThat(events.refusals).singleElement().asString().contains("hedge refused", "budget");
    assertThat(small.balance()).isZero();

    scheduler.advance(MS.multipliedBy(500));
    assertThat(b).isNotDone(); // still waiting on its only attempt, as it should
    second.get(1).succeed();
    first.get(1).succeed();
    assertThat(a).isCompleted();
    assertThat(b).isCompleted();
  }

  @Test
  void aHedgeWithNoUnusedEndpointSendsNothingAndGivesItsTokenBack() {
    RetryBudget small = RetryBudget.create(
        RetryBudgetPolicy.builder().ratio(0).minRetriesPerSecond(1).window(Duration.ofSeconds(1)).build(), ticker);
    ScriptedAttempts single = new ScriptedAttempts(ticker, 1);
    CompletableFuture<Response> result =
        run(engine(HedgingPolicy.fixed(Duration.ofMillis(10)), RetryPolicy.noRetries(), small), GET, single);

    scheduler.advance(MS.multipliedBy(100));

    assertThat(single.sent).hasSize(1);
    assertThat(small.balance()).isEqualTo(1);
    single.get(1).succeed();
    assertThat(result).isCompleted();
    assertThat(events.hedges).isEmpty();
  }

  @Test
  void aRetryFollowsOnlyAfterEveryAttemptInFlightFailed() {
    RetryPolicy retry = RetryPolicy.builder().maxAttempts(3).random(new SplittableRandom(7)::nextLong).build();
    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    CompletableFuture<Response> result =
        run(engine(HedgingPolicy.fixed(Duration.ofMillis(50)), retry, budget), GET, attempts);

    scheduler.advance(MS.multipliedBy(50));
    assertThat(attempts.sent).hasSize(2);
    attempts.get(1).fail(status(500)); // retryable, but the hedge is still in flight
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(attempts.sent).hasSize(2);

    attempts.get(2).fail(status(500)); // now every attempt failed: retry after a backoff
    assertThat(events.retries).containsExactly(3);
    scheduler.advance(MS.multipliedBy(25)); // the first backoff is at most 25 ms
    assertThat(attempts.sent).hasSize(3);
    assertThat(attempts.get(3).hedge()).isFalse();
    assertThat(attempts.get(3).endpoint()).isEqualTo(Endpoint.of("10.0.0.3", 8080));

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(attempts.sent).hasSize(3); // three attempts in all: max(3, 2)
    attempts.get(3).succeed();
    assertThat(result).isCompleted();
  }

  @Test
  void aClientErrorIsTheAnswerAndCancelsTheHedge() {
    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    CompletableFuture<Response> result = run(engine(HedgingPolicy.fixed(Duration.ofMillis(50))), GET, attempts);

    scheduler.advance(MS.multipliedBy(50));
    attempts.get(1).fail(status(404));

    assertThat(result).isCompletedExceptionally();
    assertThat(result).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(StatusException.class);
    assertThat(attempts.get(2).future()).isCancelled();
    assertThat(events.hedges).containsExactly("ISSUED 2 10.0.0.2", "LOST 2 10.0.0.2");
  }

  @Test
  void aPostWithoutIdempotencyKeyIsNeverHedgedButAKeyedOneIsWhenOptedIn() {
    HedgingScheduler engine = engine(HedgingPolicy.builder().fixedDelay(Duration.ofMillis(10)).keyedMethods("POST").build());
    ScriptedAttempts plain = new ScriptedAttempts(ticker, 3);
    ScriptedAttempts keyed = new ScriptedAttempts(ticker, 3);

    run(engine, Request.builder("POST", "/orders").build(), plain);
    run(engine, Request.builder("POST", "/orders").header("Idempotency-Key", "k-1").build(), keyed);
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(plain.sent).hasSize(1);
    assertThat(keyed.sent).hasSize(2);
  }

  @Test
  void noHedgeIsScheduledPastTheDeadline() {
    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    run(engine(HedgingPolicy.fixed(Duration.ofSeconds(6))), GET, attempts); // the call has 5 s

    assertThat(scheduler.pendingDelays()).isEmpty();
    scheduler.advance(Duration.ofSeconds(4));
    assertThat(attempts.sent).hasSize(1);
  }

  @Test
  void theEngineFeedsAttemptLatenciesToTheAdaptiveDelay() {
    HedgingPolicy adaptive = HedgingPolicy.builder().adaptiveDelay(95).minSamples(50).maxDelay(Duration.ofSeconds(1)).build();
    HedgingScheduler engine = engine(adaptive);
    assertThat(engine.delay().current()).isEqualTo(Duration.ofSeconds(1)); // no samples yet: the ceiling
    for (int i = 0; i < 100; i++) { // every answer takes 20 ms
      ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
      run(engine, GET, attempts);
      scheduler.advance(MS.multipliedBy(20));
      attempts.get(1).succeed();
    }
    scheduler.advance(HedgeDelay.REFRESH);

    ScriptedAttempts attempts = new ScriptedAttempts(ticker, 3);
    run(engine, GET, attempts);
    assertThat(scheduler.pendingDelays()).singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(20), Duration.ofMillis(23)));
  }
}
