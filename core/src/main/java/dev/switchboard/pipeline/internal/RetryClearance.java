package dev.switchboard.pipeline.internal;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Request;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import java.util.concurrent.TimeUnit;

/**
 * The rules every retry passes, written once for both engines ({@link AttemptScheduler} and
 * {@link HedgedRun}): the policy's conditions on the outcome, idempotency, then the backoff must
 * end before the deadline, and then it must get one token from the budget. The last two are
 * checked in that order so no token is spent on a retry the deadline refuses.
 */
final class RetryClearance {
  /** Receives a refusal: the failure, why, and whether it means "out of attempts or budget". */
  interface Refusal {
    void refuse(ServiceCallException failure, String reason, boolean exhausted);
  }

  private RetryClearance() {}

  /** True when {@code policy}'s conditions call {@code failure} retryable: the outcome alone decides. */
  static boolean retryable(RetryPolicy policy, ServiceCallException failure) {
    return policy.isRetryable(failure);
  }

  /**
   * True when the call may be sent again: the caller said so ({@code CallOptions.idempotent}) or
   * the message says so ({@link Request#idempotent()}: method, {@code Idempotency-Key}).
   */
  static boolean idempotent(Call call, Request request) {
    return call.options().idempotent() || request.idempotent();
  }

  /**
   * The backoff in nanoseconds for retry number {@code retry} (1-based), or -1 after reporting
   * the refusal. A failure carrying pushback retries at once: it lands on another endpoint.
   */
  static long backoffNanos(ServiceCallException failure, RetryPolicy policy, int retry, long remainingNanos,
      RetryBudget budget, String service, Refusal refusal) {
    long backoff = failure.retryAfter().isPresent() ? 0 : policy.backoffNanos(retry);
    if (backoff >= remainingNanos) {
      refusal.refuse(failure, "a backoff of " + millis(backoff) + " ms would pass the deadline ("
          + millis(remainingNanos) + " ms left)", false);
      return -1;
    }
    if (!budget.tryWithdraw()) {
      refusal.refuse(failure, "retry budget of " + service + " exhausted (" + budget.config() + ")", true);
      return -1;
    }
    return backoff;
  }

  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanos));
  }
}
