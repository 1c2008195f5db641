package dev.switchboard.pipeline;

import dev.switchboard.policy.PolicyDefaults;
import java.time.Duration;

/**
 * What the caller says about one call, beside the message itself, passed explicitly to
 * {@link CallPipeline#execute(Request, CallOptions, ResponseDecoder)} (never through a
 * thread-local): whether it is safe to send twice, the balancing affinity key, a timeout tighter
 * than the client's, and the attempts this call may make in place of the retry policy's
 * {@code maxAttempts} (a declarative method's {@code @Retry(maxAttempts = 1)}). Immutable and
 * thread-safe; the common cases are shared constants, so building options costs nothing on the
 * hot path.
 *
 * <pre>{@code
 * CallOptions.builder().idempotent(true).hashKey(userId).timeout(Duration.ofMillis(200)).maxAttempts(1).build();
 * }</pre>
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(false, null, 0, 0);
  private static final CallOptions IDEMPOTENT = new CallOptions(true, null, 0, 0);

  private final boolean idempotent;
  private final String hashKey;
  private final long timeoutNanos;
  private final int maxAttempts; // 0: the retry policy's

  private CallOptions(boolean idempotent, String hashKey, long timeoutNanos, int maxAttempts) {
    this.idempotent = idempotent;
    this.hashKey = hashKey;
    this.timeoutNanos = timeoutNanos;
    this.maxAttempts = maxAttempts;
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
    return new CallOptions(idempotent, hashKey, timeout == null ? 0 : positiveNanos(timeout), 0);
  }

  /**
   * Options with these values.
   *
   * @param maxAttempts attempts this call may make, including the first, 1..5, replacing the
   *     retry policy's {@code maxAttempts} for this call (every other retry rule still applies);
   *     0 for the policy's
   * @throws IllegalArgumentException if {@code timeout} is not positive or {@code maxAttempts} is
   *     outside 0..5
   */
  public static CallOptions of(boolean idempotent, String hashKey, Duration timeout, int maxAttempts) {
    if (maxAttempts == 0) {
      return of(idempotent, hashKey, timeout);
    }
    if (maxAttempts < 1 || maxAttempts > PolicyDefaults.MAX_ATTEMPTS_CAP) {
      throw new IllegalArgumentException("maxAttempts must be 1.." + PolicyDefaults.MAX_ATTEMPTS_CAP + ": " + maxAttempts);
    }
    return new CallOptions(idempotent, hashKey, timeout == null ? 0 : positiveNanos(timeout), maxAttempts);
  }

  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.idempotent = idempotent;
    b.hashKey = hashKey;
    b.timeout = timeout();
    b.maxAttempts = maxAttempts;
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

  /** Attempts this call may make (1..5) in place of the retry policy's, or 0 for the policy's. */
  public int maxAttempts() { return maxAttempts; }

  @Override
  public String toString() {
    return "CallOptions[idempotent=" + idempotent + (hashKey == null ? "" : ", hashKey=" + hashKey)
        + (timeoutNanos == 0 ? "" : ", timeout=" + Duration.ofNanos(timeoutNanos).toMillis() + "ms")
        + (maxAttempts == 0 ? "" : ", maxAttempts=" + maxAttempts) + "]";
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
    private int maxAttempts;

    private Builder() {}

    /** Asserts the call is safe to send more than once. */
    public Builder idempotent(boolean idempotent) { this.idempotent = idempotent; return this; }

    /** The affinity key for hashing balancers; null for none. */
    public Builder hashKey(String hashKey) { this.hashKey = hashKey; return this; }

    /** A timeout for this call only (> 0); the client's timeout and any inbound deadline still apply. */
    public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

    /** Attempts this call may make including the first, 1..5, in place of the retry policy's; 0 for the policy's. */
    public Builder maxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; return this; }

    /** @throws IllegalArgumentException if the timeout is zero or negative, or maxAttempts outside 0..5 */
    public CallOptions build() { return of(idempotent, hashKey, timeout, maxAttempts); }
  }
}
