package dev.switchboard.policy.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.time.Deadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The retry engine: sends the first attempt and, while the rules allow, the retries, each one
 * through the rest of the chain (so each picks an endpoint this call has not tried, see
 * {@link Call#tried()}). A retry must pass, in order:
 *
 * <ol>
 *   <li>the policy's conditions ({@link RetryPolicy#isRetryable}); a negative server pushback
 *       ({@code x-retry-pushback-ms < 0}) stops here and is passed upward;
 *   <li>idempotency: the request is idempotent, or it provably never reached the server;
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
 * <p>When every endpoint is backing off (the attempt step fails locally with {@code RATE_LIMITED}
 * and a retry-after, having sent nothing), the engine waits for the first one to be free if that
 * is before the deadline, and otherwise fails fast with that {@code RATE_LIMITED} error.
 *
 * <p><b>Hedging</b> is a separate step that shares the same {@link RetryBudget} instance (each
 * hedge withdraws one token) and the same {@link Call#tried()} exclusion set; this engine makes no
 * assumption that it is the only source of attempts.
 *
 * <p>Thread-safe and non-blocking; per-call state lives in a {@code Run} confined to one attempt
 * at a time.
 */
public final class AttemptScheduler implements Filter {
  private final RetryPolicy policy;
  private final RetryBudget budget;

  public AttemptScheduler(RetryPolicy policy, RetryBudget budget) {
    this.policy = policy;
    this.budget = budget;
  }

  /** The budget retries are paid from; share it with any other source of extra attempts. */
  public RetryBudget budget() {
    return budget;
  }

  @Override
  public CompletableFuture<Response> filter(Request request, Chain chain) {
    budget.deposit();
    Run run = new Run(request, chain);
    run.attempt();
    return run.result;
  }

  /** One call's retry loop. Only one attempt is outstanding at a time, so fields need no guard. */
  private final class Run {
    final Request request;
    final Chain chain;
    final Call call;
    final CompletableFuture<Response> result = new CompletableFuture<>();
    int retries;
    int waits;
    ServiceCallException lastSent;

    Run(Request request, Chain chain) {
      this.request = request;
      this.chain = chain;
      this.call = chain.call();
    }

    void attempt() {
      chain.proceed(request).whenComplete(this::onOutcome);
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
      if (!policy.isRetryable(request, failure)) {
        if (failure instanceof StatusException s && s.doNotRetry()) {
          refuse(failure, "the server asked not to retry (negative x-retry-pushback-ms)", true);
        } else {
          result.completeExceptionally(failure); // not a retryable kind: nothing was refused
        }
        return;
      }
      boolean neverSent = failure instanceof TransportException t && t.neverSent();
      if (!request.idempotent() && !neverSent) {
        refuse(failure, request.method() + " is not idempotent (send an Idempotency-Key or mark the call idempotent)", false);
        return;
      }
      if (retries + 1 >= policy.maxAttempts()) {
        refuse(failure, "maxAttempts (" + policy.maxAttempts() + ") reached", true);
        return;
      }
      long delay = RetryClearance.backoffNanos(failure, policy, retries + 1, remainingNanos(), budget,
          call.service(), this::refuse);
      if (delay < 0) {
        return;
      }
      retries++;
      call.telemetry().onRetry(call.info(), call.attempts() + 1, Duration.ofNanos(delay), failure);
      after(delay);
    }

    /** Every endpoint is backing off: wait for the first to be free, or fail fast. */
    void onNoEndpointReady(RejectedCallException rateLimited) {
      long wait = rateLimited.retryAfter().orElseThrow().toNanos();
      if (wait < remainingNanos() && waits++ < policy.maxAttempts()) {
        after(wait);
        return;
      }
      if (lastSent != null) {
        budget.refund(); // the retry this was paying for was never sent
        rateLimited.addSuppressed(lastSent);
        String reason = "no endpoint is free of server pushback before the deadline (" + millis(remainingNanos())
            + " ms left); last failure: " + lastSent.detail();
        rateLimited.recordRetryRefusal(reason);
        call.telemetry().onRetryRefused(call.info(), reason, rateLimited);
      }
      result.completeExceptionally(rateLimited);
    }

    void refuse(ServiceCallException failure, String reason, boolean exhausted) {
      failure.recordRetryRefusal(reason);
      call.telemetry().onRetryRefused(call.info(), reason, failure);
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
      call.scheduler().schedule(() -> {
        if (call.isFinished()) {
          result.completeExceptionally(lastSent != null ? lastSent
              : new dev.switchboard.errors.CancelledCallException("call finished during backoff", null));
        } else {
          attempt();
        }
      }, delayNanos, TimeUnit.NANOSECONDS);
    }

    long remainingNanos() {
      return call.deadline().map(Deadline::remainingNanos).orElse(Long.MAX_VALUE);
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
  }

  @Override
  public String toString() {
    return "AttemptScheduler[" + policy + ", " + budget + "]";
  }
}
