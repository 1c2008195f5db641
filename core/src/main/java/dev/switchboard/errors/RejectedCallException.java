package dev.switchboard.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * A local policy refused the call or attempt before it touched the network:
 * {@link ErrorKind#CIRCUIT_OPEN}, {@link ErrorKind#NO_ENDPOINTS},
 * {@link ErrorKind#BUDGET_EXHAUSTED}, {@link ErrorKind#CONCURRENCY_LIMITED}, or
 * {@link ErrorKind#RATE_LIMITED} when every endpoint is pushing back past the deadline.
 */
public final class RejectedCallException extends ServiceCallException {
  private final Duration retryAfter;

  public RejectedCallException(ErrorKind kind, String detail) {
    this(kind, detail, null);
  }

  /** @param retryAfter when a retry may succeed (breaker probe time, pushback), or null */
  public RejectedCallException(ErrorKind kind, String detail, Duration retryAfter) {
    super(kind, detail, null);
    requireKind(
        kind,
        ErrorKind.CIRCUIT_OPEN,
        ErrorKind.NO_ENDPOINTS,
        ErrorKind.BUDGET_EXHAUSTED,
        ErrorKind.CONCURRENCY_LIMITED,
        ErrorKind.RATE_LIMITED);
    this.retryAfter = retryAfter;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean retryable() {
    return false; // a local refusal is final for this call
  }
}
