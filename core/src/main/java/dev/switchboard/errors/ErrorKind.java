package dev.switchboard.errors;

/**
 * Why a call failed. Each kind says whether a retry of the same call could succeed
 * ({@link #retryable()}) and whether it counts against a destination's health
 * ({@link #serverFault()}: the circuit breaker and outlier detection count only those).
 */
public enum ErrorKind {
  /** The connection was refused or reset before a response arrived. */
  CONNECT_FAILED(true, true),
  /** One attempt ran out of its own time (per-attempt or transport timeout). */
  TIMEOUT(true, true),
  /** The call's deadline passed; retrying cannot help. */
  DEADLINE_EXCEEDED(false, false),
  /** A 4xx answer other than 429: the request is at fault. */
  CLIENT_ERROR(false, false),
  /** A 5xx answer (or a gRPC server-side status). */
  SERVER_ERROR(true, true),
  /** 429, or a server's pushback: slow down. Retrying another endpoint may help. */
  RATE_LIMITED(true, false),
  /** The destination's circuit breaker is open; the call failed fast. */
  CIRCUIT_OPEN(false, false),
  /** Discovery or health left no endpoint to send to. */
  NO_ENDPOINTS(false, false),
  /** The retry budget refused an extra attempt. */
  BUDGET_EXHAUSTED(false, false),
  /** The destination's concurrency limit rejected the call. */
  CONCURRENCY_LIMITED(false, false),
  /** The caller cancelled (or interrupted) the call. */
  CANCELLED(false, false),
  /** The answer could not be understood (bad body, wrong content type, broken framing). */
  PROTOCOL_ERROR(false, false),
  /** The response body exceeded the configured maximum; it was never buffered whole. */
  RESPONSE_TOO_LARGE(false, false);

  private final boolean retryable;
  private final boolean serverFault;

  ErrorKind(boolean retryable, boolean serverFault) {
    this.retryable = retryable;
    this.serverFault = serverFault;
  }

  /** True if another attempt of the same call could succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** True if the failure is the destination's fault (5xx, connect failure, timeout). */
  public boolean serverFault() {
    return serverFault;
  }
}
