package dev.switchboard.telemetry;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import java.time.Duration;

/**
 * How one attempt ended. Immutable.
 *
 * @param latencyNanos from send to outcome, on the pipeline's ticker
 * @param status the HTTP status or gRPC status code of the answer, or {@link #NO_STATUS} when no
 *     answer arrived (connect failure, timeout, cancelled)
 * @param error null when the attempt succeeded
 * @param cancelReason why the attempt was cancelled, or null when it was not: {@link
 *     CancelReason#LOST_RACE} for a hedged call's loser (another attempt decided the call first)
 */
public record AttemptResult(long latencyNanos, int status, ServiceCallException error, CancelReason cancelReason) {
  /** {@link #status()} when no answer arrived. */
  public static final int NO_STATUS = -1;

  /** Why an attempt was cancelled. */
  public enum CancelReason {
    /** Another attempt of the same call answered first (the loser of a hedge race). */
    LOST_RACE,
    /** The call ended without this attempt: its deadline passed or the caller cancelled. */
    CALL_ENDED,
    /** The attempt's own timeout (per-attempt timeout). */
    ATTEMPT_TIMEOUT
  }

  /** The latency as a duration (allocates; meters read {@link #latencyNanos()}). */
  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /** True when the attempt succeeded. */
  public boolean success() {
    return error == null;
  }

  /** The error's kind, or null on success. */
  public ErrorKind errorKind() {
    return error == null ? null : error.kind();
  }

  /** True when a response status is known. */
  public boolean hasStatus() {
    return status != NO_STATUS;
  }
}
