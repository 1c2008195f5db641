package dev.switchboard.pipeline;

import java.time.Duration;

/**
 * What the caller says about one call, beside the message itself, passed explicitly to
 * {@link CallPipeline#execute(Request, CallOptions, ResponseDecoder)} (never through a
 * thread-local): whether it is safe to send twice, the balancing affinity key, and a timeout
 * tighter than the client's. Immutable and thread-safe; the common cases are shared constants, so
 * building options costs nothing on the hot path.
 *
 * <pre>{@code
 * CallOptions.builder().idempotent(true).hashKey(userId).timeout(Duration.ofMillis(200)).build();
 * }</pre>
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(false, null, 0);
  private static final CallOptions IDEMPOTENT = new CallOptions(true, null, 0);

  private final boolean idempotent;
  private final String hashKey;
  private final long timeoutNanos;

  private CallOptions(boolean idempotent, String hashKey, long timeoutNanos) {
    this.idempotent = idempotent;
    this.hashKey = hashKey;
    this.timeoutNanos = timeoutNanos;
  }

  /** No assertion of idempotency, no hash key, the client's timeout. */
  public static CallOptions defaults() { return DEFAULTS; }

  /**
   * Options with these values; shared constants when there is no key and no timeout.
   *
   * @param hashKey the affinity key, or null
   * @param timeout a timeout for this call only, or null for the client's
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static CallOptions of(boolean idempotent, String hashKey, Duration timeout) {
    if (hashKey == null && timeout == null) {
      return idempotent ? IDEMPOTENT : DEFAULTS;
    }
    return new CallOptions(idempotent, hashKey, timeout == null ? 0 : positiveNanos(timeout));
  }

  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.idempotent = idempotent;
    b.hashKey = hashKey;
    b.timeout = timeout();
    return b;
  }

  /**
   * True when the caller asserts the call is safe to send more than once (retries, hedges) even
   * if its message alone does not say so (an HTTP POST, a gRPC method not marked idempotent).
   */
  public boolean idempotent() { return idempotent; }

  /** The affinity key for hashing balancers ({@code ring_hash}), or null. */
  public String hashKey() { return hashKey; }

  /** This call's own timeout, or null when only the client's timeout (and any inbound deadline) applies. */
  public Duration timeout() { return timeoutNanos == 0 ? null : Duration.ofNanos(timeoutNanos); }

  /** {@link #timeout()} in nanoseconds, 0 when absent: allocation-free for the pipeline. */
  public long timeoutNanos() { return timeoutNanos; }

  @Override
  public String toString() {
    return "CallOptions[idempotent=" + idempotent + (hashKey == null ? "" : ", hashKey=" + hashKey)
        + (timeoutNanos == 0 ? "" : ", timeout=" + Duration.ofNanos(timeoutNanos).toMillis() + "ms") + "]";
  }

  private static long positiveNanos(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2; // centuries: practically none
    }
  }

  /** Builds {@link CallOptions}. Not thread-safe. */
  public static final class Builder {
    private boolean idempotent;
    private String hashKey;
    private Duration timeout;

    private Builder() {}

    /** Asserts the call is safe to send more than once. */
    public Builder idempotent(boolean idempotent) { this.idempotent = idempotent; return this; }

    /** The affinity key for hashing balancers; null for none. */
    public Builder hashKey(String hashKey) { this.hashKey = hashKey; return this; }

    /** A timeout for this call only (> 0); the client's timeout and any inbound deadline still apply. */
    public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

    /** @throws IllegalArgumentException if the timeout is zero or negative */
    public CallOptions build() { return of(idempotent, hashKey, timeout); }
  }
}
