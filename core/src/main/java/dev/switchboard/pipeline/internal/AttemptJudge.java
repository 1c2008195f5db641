package dev.switchboard.pipeline.internal;

import dev.switchboard.balancer.EndpointStats.Outcome;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.RetryBudget;

/**
 * What one attempt's end says about its endpoint (for health and load) and about the destination
 * (for the retry throttle), written once for every transport. The rules, and why:
 *
 * <ul>
 *   <li>A connection that was refused, reset or timed out ({@code CONNECT_FAILED}, however the
 *       transport learnt it) is a {@link Outcome#CONNECTION_FAILURE}: the endpoint leaves rotation
 *       until it accepts connections again, as a gRPC subchannel that leaves READY does.
 *   <li>A timed-out attempt ({@code TIMEOUT}) is a local-origin failure, {@link Outcome#TIMEOUT}
 *       [Envoy {@code consecutive_local_origin_failure}]. So is an attempt cancelled after it ran
 *       at least the winner's latency plus half the hedge delay (a hedge sent that much later beat
 *       it: judged by the hedging engine), and one still running when the call's deadline passed, if it ran at least the
 *       hedge delay (longer than 99% of attempts): a hung or black-holed replica then counts
 *       against itself instead of ending every call as an unattributed {@code DEADLINE_EXCEEDED}
 *       or {@code CANCELLED}. Without a hedge delay every attempt stuck at the deadline counts.
 *   <li>5xx and other server faults are {@link Outcome#FAILURE}; a real answer (2xx, 4xx, 429) is
 *       {@link Outcome#SUCCESS}; any other cancellation is {@link Outcome#NEUTRAL}.
 *   <li>The throttle ({@link RetryBudget}) drains on every failure the destination answered or
 *       caused, 429 included (it means "slow down"), but not on a loser judged stuck: that call
 *       succeeded. It refills on every success.
 * </ul>
 *
 * Stateless; thread-safe.
 */
final class AttemptJudge {
  private final HedgeDelay hedgeDelay; // null without hedging
  private final RetryBudget budget;

  AttemptJudge(HedgeDelay hedgeDelay, RetryBudget budget) {
    this.hedgeDelay = hedgeDelay;
    this.budget = budget;
  }

  /**
   * The outcome of an attempt of {@code call} sent at {@code sentNanos} that ran {@code ranNanos} and
   * ended with {@code failure} (null: success).
   */
  Outcome judge(RealCall call, long sentNanos, long ranNanos, ServiceCallException failure) {
    Outcome outcome = outcome(call, sentNanos, ranNanos, failure);
    if (outcome == Outcome.SUCCESS) {
      budget.onAttemptSuccess();
    } else if ((outcome.failed() && !(failure instanceof CancelledCallException && call.judgedStuck(sentNanos)))
        || (failure != null && failure.kind() == ErrorKind.RATE_LIMITED)) {
      budget.onAttemptFailure();
    }
    return outcome;
  }

  private Outcome outcome(RealCall call, long sentNanos, long ranNanos, ServiceCallException failure) {
    if (failure == null) {
      return Outcome.SUCCESS;
    }
    if (failure.kind() == ErrorKind.CONNECT_FAILED) {
      return Outcome.CONNECTION_FAILURE;
    }
    if (failure.kind() == ErrorKind.TIMEOUT) {
      return Outcome.TIMEOUT;
    }
    if (failure instanceof CancelledCallException || failure instanceof DeadlineExceededException) {
      if (failure instanceof CancelledCallException && call.judgedStuck(sentNanos)) {
        return Outcome.TIMEOUT;
      }
      boolean deadlinePassed = failure instanceof DeadlineExceededException d ? !d.local() : call.remainingNanos() <= 0;
      return deadlinePassed && ranNanos >= stuckNanos(call) ? Outcome.TIMEOUT : Outcome.NEUTRAL;
    }
    return failure.kind().serverFault() ? Outcome.FAILURE : Outcome.SUCCESS;
  }

  /** How long an attempt must have run when the deadline passed to count as stuck. */
  private long stuckNanos(RealCall call) {
    return hedgeDelay == null ? 0 : hedgeDelay.policy().delayWithin(hedgeDelay.nanos(), call.timeNanos());
  }
}
