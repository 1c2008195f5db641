package dev.switchboard.pipeline.internal;

import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The retry engine: sends the first attempt and, while the rules allow, the retries, each one a
 * new pick away from the endpoints this call has tried. A retry must pass, in order:
 *
 * <ol>
 *   <li>the policy's conditions on the outcome ({@link RetryPolicy#isRetryable}); a negative
 *       server pushback ({@code x-retry-pushback-ms < 0}) stops here and is passed upward;
 *   <li>idempotency: the call is idempotent ({@code CallOptions}, or the message says so), or the
 *       failed attempt provably never reached the server;
 *   <li>{@code maxAttempts};
 *   <li>the deadline: the full-jitter backoff must end before it (a failure with
 *       {@code Retry-After} retries elsewhere at once: its endpoint is already backing off);
 *   <li>the destination's {@link RetryBudget}, one token per retry.
 * </ol>
 *
 * A refused retry leaves the caller with the last attempt's real error, the refusal recorded on
 * it ({@link ServiceCallException#retryRefusal()}) and reported to telemetry. Running out of
 * attempts or budget marks the inbound request's {@link OverloadSignal}, so the server above
 * answers {@code x-retry-pushback-ms: -1}.
 *
 * <p>When every endpoint is backing off (the attempt fails locally with {@code RATE_LIMITED} and
 * a retry-after, having sent nothing), the engine waits for the first one to be free if that is
 * before the deadline, and otherwise fails fast with that {@code RATE_LIMITED} error.
 *
 * <p>Backoffs run on the injected {@link Timer}. Thread-safe and non-blocking; per-call state
 * lives in a {@code Run} confined to one attempt at a time.
 */
public final class AttemptScheduler implements AttemptEngine {
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final AttemptSender attempts;
  private final Timer timer;
  private final TelemetryListener telemetry;

  public AttemptScheduler(RetryPolicy policy, RetryBudget budget, AttemptSender attempts, Timer timer,
      TelemetryListener telemetry) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.attempts = Objects.requireNonNull(attempts, "attempts");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  /** The budget retries are paid from; share it with any other source of extra attempts. */
  public RetryBudget budget() {
    return budget;
  }

  @Override
  public CompletableFuture<Response> run(RealCall call, Request request) {
    budget.deposit();
    Run run = new Run(call, request);
    run.attempt();
    return run.result;
  }

  /** One call's retry loop. Only one attempt is outstanding at a time, so fields need no guard. */
  private final class Run implements BiConsumer<Response, Throwable> {
    final RealCall call;
    final Request request;
    final CompletableFuture<Response> result = new CompletableFuture<>();
    int retries;
    int waits;
    ServiceCallException lastSent;

    Run(RealCall call, Request request) {
      this.call = call;
      this.request = request;
    }

    void attempt() {
      attempts.send(call, request, false).whenComplete(this);
    }

    @Override
    public void accept(Response response, Throwable error) {
      try {
        onOutcome(response, error);
      } catch (RuntimeException e) { // a bug or a throwing listener fails this call, never hangs it
        result.completeExceptionally(e);
      }
    }

    void onOutcome(Response response, Throwable error) {
      if (error == null) {
        result.complete(response);
        return;
      }
      ServiceCallException failure = Outcomes.unwrap(error);
      if (call.isFinished()) {
        result.completeExceptionally(failure);
      } else if (failure instanceof RejectedCallException r && r.kind() == ErrorKind.RATE_LIMITED
          && r.retryAfter().isPresent()) {
        onNoEndpointReady(r);
      } else {
        lastSent = failure;
        onFailure(failure);
      }
    }

    void onFailure(ServiceCallException failure) {
      if (!RetryClearance.retryable(policy, failure)) {
        if (failure instanceof StatusException s && s.doNotRetry()) {
          refuse(failure, "the server asked not to retry (negative x-retry-pushback-ms)", true);
        } else {
          result.completeExceptionally(failure); // not a retryable kind: nothing was refused
        }
        return;
      }
      boolean neverSent = failure instanceof TransportException t && t.neverSent();
      if (!neverSent && !RetryClearance.idempotent(call, request)) {
        refuse(failure, request.method() + " is not idempotent (send an Idempotency-Key or mark the call idempotent)", false);
        return;
      }
      if (retries + 1 >= policy.maxAttempts()) {
        refuse(failure, "maxAttempts (" + policy.maxAttempts() + ") reached", true);
        return;
      }
      long delay = RetryClearance.backoffNanos(failure, policy, retries + 1, call.remainingNanos(), budget,
          call.service(), this::refuse);
      if (delay < 0) {
        return;
      }
      retries++;
      telemetry.onRetry(call.info(), call.attempts() + 1, Duration.ofNanos(delay), failure);
      after(delay);
    }

    /** Every endpoint is backing off: wait for the first to be free, or fail fast. */
    void onNoEndpointReady(RejectedCallException rateLimited) {
      long wait = rateLimited.retryAfter().orElseThrow().toNanos();
      if (wait < call.remainingNanos() && waits++ < policy.maxAttempts()) {
        after(wait);
        return;
      }
      if (lastSent != null) {
        budget.refund(); // the retry this was paying for was never sent
        rateLimited.addSuppressed(lastSent);
        String reason = "no endpoint is free of server pushback before the deadline ("
            + RetryClearance.millis(call.remainingNanos()) + " ms left); last failure: " + lastSent.detail();
        rateLimited.recordRetryRefusal(reason);
        telemetry.onRetryRefused(call.info(), reason, rateLimited);
      }
      result.completeExceptionally(rateLimited);
    }

    void refuse(ServiceCallException failure, String reason, boolean exhausted) {
      failure.recordRetryRefusal(reason);
      telemetry.onRetryRefused(call.info(), reason, failure);
      if (exhausted) {
        OverloadSignal.markDownstreamExhausted(call.context(), call.service() + ": " + reason);
      }
      result.completeExceptionally(failure);
    }

    void after(long delayNanos) {
      if (delayNanos <= 0) {
        attempt();
        return;
      }
      timer.schedule(() -> {
        if (call.isFinished()) {
          result.completeExceptionally(lastSent != null ? lastSent
              : new CancelledCallException("call finished during backoff", null));
        } else {
          attempt();
        }
      }, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public String toString() {
    return "AttemptScheduler[" + policy + ", " + budget + "]";
  }
}
