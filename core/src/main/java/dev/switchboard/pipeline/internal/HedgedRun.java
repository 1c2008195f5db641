package dev.switchboard.pipeline.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.spi.SerialExecutor;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.telemetry.TelemetryListener.HedgeEvent;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One hedged call (rules in {@link HedgingScheduler}). Events (an attempt's outcome, a hedge
 * timer, a backoff) arrive on transport and scheduler threads; they are queued and run one at a
 * time by whichever thread finds the queue idle ({@link SerialExecutor}, as grpc-java's
 * {@code SynchronizationContext}), so every field below is confined to that queue.
 */
final class HedgedRun {
  private final HedgingPolicy policy;
  private final RetryPolicy retry;
  private final RetryBudget budget;
  private final HedgeDelay delay;
  private final AttemptSender attempts;
  private final Timer timers;
  private final TelemetryListener telemetry;
  private final Request request;
  private final RealCall call;
  private final CompletableFuture<Response> result = new CompletableFuture<>();
  private final SerialExecutor events = new SerialExecutor();

  private final List<Sent> outstanding = new ArrayList<>(2);
  private int sent;
  private int retries;
  private int waits;
  private boolean done;
  private String hedgingStopped; // why no more hedges are sent, or null
  private Timer.Timeout timer; // the pending hedge timer
  private long armedDelay = Long.MAX_VALUE; // the delay the last hedge timer was armed with
  private ServiceCallException lastFailure;
  private int deciding; // number of the attempt whose outcome is being handled, or 0

  /** One attempt this run started; {@code issued} when it is a hedge that really went out. */
  private record Sent(CompletableFuture<Response> future, boolean hedge, boolean retry, boolean issued,
      int number, Endpoint endpoint, long startNanos) {}

  /** Attempts hedging may have in flight: the policy's, capped by the call's own maxAttempts. */
  private final int hedgeMax;

  HedgedRun(HedgingPolicy policy, RetryPolicy retry, RetryBudget budget, HedgeDelay delay,
      AttemptSender attempts, Timer timers, TelemetryListener telemetry, RealCall call, Request request) {
    this.policy = policy;
    this.retry = retry;
    this.budget = budget;
    this.delay = delay;
    this.attempts = attempts;
    this.timers = timers;
    this.telemetry = telemetry;
    this.call = call;
    this.request = request;
    this.hedgeMax = HedgingScheduler.hedgeMax(policy, call);
  }

  CompletableFuture<Response> result() {
    return result;
  }

  void start() {
    execute(() -> send(false, false));
  }

  /**
   * Takes over a first attempt that started without a run, on a blocking caller's thread
   * ({@link InlineFirstAttempt}): {@code first} is its future (a placeholder while it still runs
   * inline). With {@code hedgeDue} its hedge delay has passed: the hedge goes out now.
   */
  void adopt(CompletableFuture<Response> first, long startNanos, boolean hedgeDue) {
    // Number 1 if it went out: hedges wait for a first attempt to be counted (onTimer).
    Sent s = new Sent(first, false, false, false, 1, null, startNanos);
    execute(() -> {
      sent++;
      outstanding.add(s);
      if (hedgeDue) {
        onTimer();
      } else if (!first.isDone()) {
        armTimer();
      }
    });
    first.whenComplete((response, error) -> execute(() -> onOutcome(s, response, error)));
  }

  private void execute(Runnable event) {
    events.execute(() -> {
      try {
        event.run();
      } catch (RuntimeException e) { // a bug or a throwing listener fails this call only
        finish(null, Outcomes.unwrap(e));
      }
    });
  }

  private void send(boolean hedge, boolean isRetry) {
    int before = call.attempts();
    long start = call.ticker().nanoTime();
    CompletableFuture<Response> f = attempts.send(call, request, hedge);
    // The attempt picks and counts synchronously (unless it waits for discovery, which a hedge
    // never does: hedges start only after the first attempt went out), so these are its own.
    boolean wentOut = call.attempts() > before;
    List<Endpoint> tried = call.tried();
    Sent s = new Sent(f, hedge, isRetry, hedge && wentOut, wentOut ? call.attempts() : 0,
        hedge && wentOut && !tried.isEmpty() ? tried.get(tried.size() - 1) : null, start);
    sent++;
    outstanding.add(s);
    if (s.issued()) {
      telemetry.onHedge(call.info(), HedgeEvent.ISSUED, s.endpoint(), s.number());
    }
    f.whenComplete((response, error) -> execute(() -> onOutcome(s, response, error)));
    if (!wentOut && !hedge && !isRetry && !f.isDone()) {
      // The first attempt waits for discovery (or a first connection). The hedge delay measures
      // the attempt, not that wait: the timer starts when the attempt goes out, bounded by the
      // time then left, so a call that waited most of its time on a cold channel still gets a
      // hedge if it lands on a hung replica.
      call.onFirstAttempt(() -> execute(() -> {
        if (timer == null && !outstanding.isEmpty()) {
          armTimer(policy.delayWithin(delay.nanos(), remainingNanos()));
        }
      }));
      return;
    }
    if (!f.isDone()) { // an attempt decided already (a local refusal) needs no hedge timer
      armTimer();
    }
  }

  private void armTimer() {
    armTimer(currentDelay());
  }

  private void armTimer(long d) {
    cancelTimer();
    if (done || hedgingStopped != null || sent >= hedgeMax) {
      return;
    }
    if (d >= remainingNanos()) {
      return; // a hedge would start only after the deadline
    }
    armedDelay = d;
    timer = timers.schedule(() -> execute(this::onTimer), d, TimeUnit.NANOSECONDS);
  }

  private void onTimer() {
    timer = null;
    if (done || call.isFinished()) {
      return;
    }
    if (call.attempts() == 0) {
      return; // the first attempt still waits for discovery: its hook arms the timer when it goes out
    }
    tryHedge();
  }

  /** Sends the next hedge if the rules allow; false when none was sent. */
  private boolean tryHedge() {
    if (hedgingStopped != null || sent >= hedgeMax || remainingNanos() <= 0) {
      return false;
    }
    if (!budget.tryWithdraw()) {
      hedgingStopped = RetryClearance.budgetRefusal(budget, call.service());
      telemetry.onRetryRefused(call.info(), "hedge refused: " + hedgingStopped,
          lastFailure != null ? lastFailure : new RejectedCallException(ErrorKind.BUDGET_EXHAUSTED,
              "hedge refused: " + hedgingStopped));
      return false;
    }
    send(true, false);
    return true;
  }

  /** The destination's delay, bounded by the policy's fraction of this call's whole time. */
  private long currentDelay() {
    return policy.delayWithin(delay.nanos(), call.timeNanos());
  }

  private void onOutcome(Sent s, Response response, Throwable error) {
    deciding = s.number();
    try {
      handleOutcome(s, response, error);
    } finally {
      deciding = 0;
    }
  }

  private void handleOutcome(Sent s, Response response, Throwable error) {
    outstanding.remove(s);
    recordLatency(s, error);
    if (error == null && !done) {
      if (s.issued()) {
        telemetry.onHedge(call.info(), HedgeEvent.WON, response.endpoint(), s.number());
      }
      judgeLosers(s);
      finish(response, null);
      return;
    }
    if (s.issued()) {
      telemetry.onHedge(call.info(), HedgeEvent.LOST, s.endpoint(), s.number());
    }
    if (done) {
      return;
    }
    ServiceCallException failure = Outcomes.unwrap(error);
    if (call.isFinished()) {
      finish(null, lastFailure != null && failure instanceof CancelledCallException ? lastFailure : failure);
    } else if (failure instanceof RejectedCallException r) {
      onNotSent(s, r);
    } else {
      lastFailure = failure;
      onFailure(failure);
    }
    if (!done && timer == null && !outstanding.isEmpty()) {
      armTimer(); // keep hedging on what is still in flight
    }
  }

  /**
   * An attempt that answered (or failed) is a latency sample. One cancelled because another won
   * counts with the time it ran only if that reached the hedge delay: such a lower bound keeps
   * slow originals above the percentile, while a hedge cancelled early says nothing about it and
   * would drag the percentile down.
   */
  private void recordLatency(Sent s, Throwable error) {
    ServiceCallException failure = error == null ? null : Outcomes.unwrap(error);
    if (s.number() == 0 || failure instanceof RejectedCallException) {
      return; // never went out
    }
    long ran = call.ticker().nanoTime() - s.startNanos();
    boolean cancelled = failure instanceof CancelledCallException;
    if (!cancelled || ran >= delay.nanos()) {
      delay.record(ran);
    }
  }

  private void onFailure(ServiceCallException failure) {
    if (failure instanceof StatusException st && st.doNotRetry()) {
      hedgingStopped = "the server asked not to retry (negative x-retry-pushback-ms)";
      cancelTimer();
      if (outstanding.isEmpty()) {
        refuse(failure, hedgingStopped, true);
      }
      return; // the attempts in flight may still answer
    }
    if (policy.isNonFatal(failure) && tryHedge()) {
      return; // the next hedge went out at once
    }
    if (!policy.isNonFatal(failure) && !RetryClearance.retryable(retry, failure)) {
      finish(null, failure); // a real answer (e.g. 404): it wins, the rest are cancelled
      return;
    }
    if (outstanding.isEmpty()) {
      retryAfterAllFailed(failure);
    }
  }

  /** Every attempt failed; a retry follows the retry policy's rules. */
  private void retryAfterAllFailed(ServiceCallException failure) {
    cancelTimer();
    if (!RetryClearance.retryable(retry, failure)) {
      finish(null, failure);
      return;
    }
    int retryAttempts = RetryClearance.maxAttempts(retry, call);
    int max = Math.max(retryAttempts, hedgeMax);
    if (sent >= retryAttempts) {
      boolean budgetStop = hedgingStopped != null && sent < hedgeMax;
      refuse(failure, budgetStop ? hedgingStopped : "maxAttempts (" + max + ") reached", true);
      return;
    }
    long backoff = RetryClearance.backoffNanos(failure, retry, retries + 1, remainingNanos(), budget,
        call.service(), this::refuse);
    if (backoff < 0) {
      return;
    }
    retries++;
    telemetry.onRetry(call.info(), call.attempts() + 1, Duration.ofNanos(backoff), failure);
    after(backoff, () -> send(false, true));
  }

  /** The attempt was refused locally and sent nothing (no untried endpoint, all backing off). */
  private void onNotSent(Sent s, RejectedCallException rejected) {
    sent--;
    if (s.hedge()) {
      budget.refund(); // the hedge's token bought nothing
      hedgingStopped = "no endpoint this call has not used is available: " + rejected.detail();
      if (!outstanding.isEmpty()) {
        return;
      }
      if (lastFailure != null) {
        retryAfterAllFailed(lastFailure);
        return;
      }
    }
    if (!outstanding.isEmpty()) {
      return;
    }
    long wait = rejected.retryAfter().map(Duration::toNanos).orElse(Long.MAX_VALUE);
    if (rejected.kind() == ErrorKind.RATE_LIMITED && wait < remainingNanos() && waits++ < RetryClearance.maxAttempts(retry, call)) {
      after(wait, () -> send(false, s.retry())); // every endpoint is backing off: wait for the first
      return;
    }
    if (s.retry()) {
      budget.refund(); // the retry this was paying for was never sent
    }
    if (lastFailure != null) {
      rejected.addSuppressed(lastFailure);
      refuse(rejected, "no endpoint is free before the deadline; last failure: " + lastFailure.detail(), false);
    } else {
      finish(null, rejected);
    }
  }

  private void after(long delayNanos, Runnable action) {
    if (delayNanos <= 0) {
      action.run();
      return;
    }
    timers.schedule(() -> execute(() -> {
      if (done) {
        return;
      }
      if (call.isFinished()) {
        finish(null, lastFailure != null ? lastFailure : new CancelledCallException("call finished during backoff", null));
      } else {
        action.run();
      }
    }), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void refuse(ServiceCallException failure, String reason, boolean exhausted) {
    failure.recordRetryRefusal(reason);
    telemetry.onRetryRefused(call.info(), reason, failure);
    if (exhausted) {
      OverloadSignal.markDownstreamExhausted(call.context(), call.service() + ": " + reason);
    }
    finish(null, failure);
  }

  /**
   * Before the losers are cancelled: a loser sent at least half a hedge delay before the winner
   * ran at least the winner's latency plus that, and is judged stuck, so its endpoint is held
   * responsible like a timeout [Envoy counts timeouts as local-origin failures]. (Half, not the
   * whole delay: a first attempt that waited for discovery went out a little after its hedge timer
   * was armed.) A hedge that lost to the original was sent after it, and is not judged: it was only
   * unlucky in timing.
   */
  private void judgeLosers(Sent winner) {
    if (outstanding.isEmpty()) {
      return;
    }
    call.judgeStuckSentBy(winner.startNanos() - Math.min(currentDelay(), armedDelay) / 2);
  }

  /** Decides the call: the winner's response or the failure; every other attempt is cancelled. */
  private void finish(Response response, ServiceCallException failure) {
    if (done) {
      return;
    }
    done = true;
    cancelTimer();
    if (deciding != 0) {
      call.decidedBy(deciding); // the attempts cancelled below lost the race to it
    }
    if (failure == null) {
      result.complete(response); // first, so the caller does not wait on the aborts below
    } else {
      result.completeExceptionally(failure);
    }
    for (Sent loser : List.copyOf(outstanding)) {
      loser.future().cancel(true); // aborts the exchange; its outcome then reports LOST
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private long remainingNanos() {
    return call.remainingNanos();
  }
}
