package dev.switchboard.grpc.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.policy.OverloadSignal;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Core's retry rules as one gRPC call applies them, in the HTTP engine's order: the policy's
 * conditions, idempotency, {@code maxAttempts}, the deadline, the budget. A refusal is recorded on
 * the failure and reported to telemetry; running out of attempts or budget, or a "do not retry"
 * from below, also marks the inbound request's {@link OverloadSignal}. Used under the owning
 * call's monitor; holds no mutable state of its own.
 */
final class RetryRules {
  private final RetryPolicy policy;
  private final RetryBudget budget;
  private final TelemetryListener telemetry;
  private final CallContext context;
  private final boolean idempotent;
  private final String fullMethodName;
  private final Supplier<CallInfo> info;

  RetryRules(RetryPolicy policy, RetryBudget budget, TelemetryListener telemetry, CallContext context,
      boolean idempotent, String fullMethodName, Supplier<CallInfo> info) {
    this.policy = policy;
    this.budget = budget;
    this.telemetry = telemetry;
    this.context = context;
    this.idempotent = idempotent;
    this.fullMethodName = fullMethodName;
    this.info = info;
  }

  /** True when the policy's conditions call {@code failure} retryable: they judge the outcome only. */
  boolean retryable(ServiceCallException failure) {
    return policy.isRetryable(AttemptFailures.forPolicy(policy, failure));
  }

  /** The refusal when re-sending is unsafe (not idempotent, and the attempt may have reached a server), else null. */
  String unsafeToResend(ServiceCallException failure) {
    boolean neverSent = failure instanceof TransportException t && t.neverSent();
    return idempotent || neverSent ? null : refuse(failure, fullMethodName + " is not idempotent (mark it in the "
        + "proto, list it in idempotentMethods or call withOption(SwitchboardGrpc.IDEMPOTENT, true))", false);
  }

  /**
   * The backoff before the next retry, with its budget token already withdrawn; or -1 when the
   * retry is refused (the reason is then on {@code failure.retryRefusal()}).
   *
   * @param launched attempts sent so far
   * @param retries retries made so far
   * @param cap the attempt cap reported in the refusal
   */
  long retryDelayNanos(ServiceCallException failure, int launched, int retries, long remainingNanos, int cap) {
    if (launched >= policy.maxAttempts()) {
      refuse(failure, "maxAttempts (" + cap + ") reached", true);
      return -1;
    }
    // Server pushback delays the retry by exactly that much (gRPC A6); else full-jitter backoff.
    long delay = failure.retryAfter().map(Duration::toNanos).orElseGet(() -> policy.backoffNanos(retries + 1));
    if (delay >= remainingNanos) {
      refuse(failure, "a backoff of " + TimeUnit.NANOSECONDS.toMillis(delay) + " ms would pass the deadline ("
          + TimeUnit.NANOSECONDS.toMillis(remainingNanos) + " ms left)", false);
      return -1;
    }
    if (!budget.tryWithdraw()) {
      refuse(failure, "retry budget of " + info.get().service() + " exhausted (" + budget.config() + ")", true);
      return -1;
    }
    telemetry.onRetry(info.get(), launched + 1, Duration.ofNanos(delay), failure);
    return delay;
  }

  /** Records and reports why no further attempt is made; returns {@code reason}. */
  String refuse(ServiceCallException failure, String reason, boolean exhausted) {
    failure.recordRetryRefusal(reason);
    telemetry.onRetryRefused(info.get(), reason, failure);
    if (exhausted && context != null) {
      OverloadSignal.markDownstreamExhausted(context, info.get().service() + ": " + reason);
    }
    return reason;
  }
}
