package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Timer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The attempt engine when hedging is on: hedges and retries of one call, under one set of rules.
 * Calls the {@link HedgingPolicy} does not apply to (not idempotent, method not opted in) go to
 * the plain retry engine, {@link AttemptScheduler}, unchanged.
 *
 * <p>For a hedged call ({@link HedgedRun}):
 * <ol>
 *   <li>The first attempt goes out; after the {@link HedgeDelay} without an answer, a hedge goes
 *       to an endpoint the call has not used (never a used one), then another after the delay,
 *       while attempts stay below the hedging policy's {@code maxAttempts}.
 *   <li>A non-fatal failure ({@link HedgingPolicy#isNonFatal}) sends the next hedge at once.
 *   <li>The first success wins; every other attempt is cancelled on the transport. A failure that
 *       is neither non-fatal nor retryable (a 4xx, say) is the answer too, and also cancels the
 *       rest. A negative pushback stops hedging; the call waits on what is in flight.
 *   <li>Only when every attempt in flight has failed retryably does a retry follow, by the
 *       {@link RetryPolicy}'s rules (backoff inside the deadline), while attempts stay below the
 *       retry policy's {@code maxAttempts}; hedging then resumes on the retry.
 * </ol>
 * Hedges and retries share one attempt counter (so no call makes more than
 * {@code max(retry.maxAttempts, hedging.maxAttempts) <= 5} attempts), one exclusion set
 * ({@code Call.tried()}), one deadline, and one {@link RetryBudget} (one token per hedge and per
 * retry; a hedge refused by the budget stops hedging and the call waits on its attempts).
 *
 * <p>A blocking caller's thread may run the first attempt itself, when the transport can abort
 * it from another thread ({@link InlineFirstAttempt}); the rules above hold all the same.
 *
 * <p>Hedge timers and backoffs run on the injected {@link Timer} (the timing wheel in production:
 * one CAS to arm and one to cancel, since nearly every hedge timer is cancelled by the answer).
 *
 * <p>Thread-safe and non-blocking; the per-call state is confined to its run's serial queue.
 */
public final class HedgingScheduler implements AttemptEngine {
  private final HedgingPolicy policy;
  private final RetryPolicy retry;
  private final RetryBudget budget;
  private final HedgeDelay delay;
  private final AttemptScheduler unhedged;
  private final AttemptSender attempts;
  private final Timer timer;
  private final TelemetryListener telemetry;

  /**
   * @param delay the destination's hedge delay (shared by every call to it)
   * @param unhedged the retry engine for calls that are not hedged; it must share {@code budget}
   * @param attempts sends each attempt; the same sender as {@code unhedged}'s
   */
  public HedgingScheduler(HedgingPolicy policy, RetryPolicy retry, RetryBudget budget, HedgeDelay delay,
      AttemptScheduler unhedged, AttemptSender attempts, Timer timer, TelemetryListener telemetry) {
    if (unhedged.budget() != budget) {
      throw new IllegalArgumentException("hedges and retries must share one RetryBudget");
    }
    this.policy = Objects.requireNonNull(policy, "policy");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.budget = budget;
    this.delay = Objects.requireNonNull(delay, "delay");
    this.unhedged = unhedged;
    this.attempts = Objects.requireNonNull(attempts, "attempts");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  /** The destination's live hedge delay. */
  public HedgeDelay delay() {
    return delay;
  }

  @Override
  public CompletableFuture<Response> run(RealCall call, Request request) {
    if (!policy.appliesTo(request.method(), RetryClearance.idempotent(call, request))) {
      return unhedged.run(call, request);
    }
    budget.deposit();
    if (call.mayRunInline()) {
      return InlineFirstAttempt.run(this, call, request); // a blocking caller's thread runs attempt 1
    }
    HedgedRun run = newRun(call, request);
    run.start();
    return run.result();
  }

  /** A run for {@code call}, not started. */
  HedgedRun newRun(RealCall call, Request request) {
    return new HedgedRun(policy, retry, budget, delay, attempts, timer, telemetry, call, request);
  }

  /**
   * The delay before {@code call}'s first hedge, or -1 when it gets none: hedging allows one
   * attempt only, or the hedge would start after the deadline (the rules of HedgedRun's timer).
   * {@code nowNanos} is a reading of the call's ticker.
   */
  long firstHedgeDelay(RealCall call, long nowNanos) {
    long d = policy.delayWithin(delay.nanos(), call.timeNanos());
    return hedgeMax(policy, call) <= 1 || d >= call.remainingNanos(nowNanos) ? -1 : d;
  }

  /** Attempts hedging may have in flight: the policy's, capped by the call's own maxAttempts. */
  static int hedgeMax(HedgingPolicy policy, RealCall call) {
    int own = call.options().maxAttempts();
    return own > 0 ? Math.min(own, policy.maxAttempts()) : policy.maxAttempts();
  }

  AttemptSender attempts() {
    return attempts;
  }

  Timer timer() {
    return timer;
  }

  @Override
  public String toString() {
    return "HedgingScheduler[" + policy + ", " + retry + ", " + budget + "]";
  }
}
