package dev.switchboard.policy;

import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.internal.Checks;
import dev.switchboard.internal.SharedRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * When and how often a failed call is tried again. Immutable and thread-safe; build with
 * {@link #builder()} (defaults in {@link PolicyDefaults}) and change a copy with
 * {@link #toBuilder()}.
 *
 * <ul>
 *   <li><b>Attempts:</b> {@code maxAttempts} counts the first attempt, 1..5 (gRPC A6's cap).
 *   <li><b>Backoff:</b> exponential with full jitter: retry {@code n} waits a uniform random time
 *       in {@code [0, min(maxBackoff, initialBackoff * multiplier^(n-1))]}. The retry engine never
 *       schedules a backoff or an attempt past the call's deadline.
 *   <li><b>Conditions</b> judge the outcome only, never the request, so one policy serves every
 *       transport: a failure is retryable when its {@link ErrorKind} is in {@link #retryOn()};
 *       for a status failure, when {@link #retryOnStatus()} is non-empty it decides instead; and
 *       a custom {@link Builder#retryIf predicate} can make any failure retryable. Whatever the
 *       conditions say, a negative server pushback, a local refusal, a passed deadline and a
 *       cancellation are never retried, and the retry engine retries a non-idempotent call only
 *       when the failed attempt provably never reached the server.
 *   <li><b>Per-attempt timeout:</b> optional; an attempt that takes longer fails with
 *       {@code TIMEOUT} (retryable) and is cancelled on the wire.
 * </ul>
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.builder()
 *     .maxAttempts(4)
 *     .backoff(Duration.ofMillis(50), 2.0, Duration.ofMillis(800))
 *     .retryOnStatus(502, 503, 504)
 *     .perAttemptTimeout(Duration.ofMillis(300))
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final Set<ErrorKind> retryOn;
  private final Set<Integer> retryOnStatus;
  private final Predicate<ServiceCallException> retryIf;
  private final Duration perAttemptTimeout;
  private final RandomGenerator random;

  private RetryPolicy(Builder b) {
    this.maxAttempts = Checks.attempts("maxAttempts", b.maxAttempts, PolicyDefaults.MAX_ATTEMPTS_CAP);
    this.initialBackoff = Checks.nonNegative("initialBackoff", b.initialBackoff);
    this.maxBackoff = Checks.nonNegative("maxBackoff", b.maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= initialBackoff: " + maxBackoff + " < " + initialBackoff);
    }
    if (!(b.multiplier >= 1.0) || Double.isInfinite(b.multiplier)) {
      throw new IllegalArgumentException("backoffMultiplier must be a finite number >= 1: " + b.multiplier);
    }
    this.multiplier = b.multiplier;
    this.initialBackoffNanos = initialBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.retryOn = b.retryOn.isEmpty() ? Set.of() : Set.copyOf(b.retryOn);
    for (int s : b.retryOnStatus) {
      if (s < 100 || s > 599) {
        throw new IllegalArgumentException("retryOnStatus must hold statuses 100..599: " + s);
      }
    }
    this.retryOnStatus = Set.copyOf(b.retryOnStatus);
    this.retryIf = b.retryIf;
    this.perAttemptTimeout =
        b.perAttemptTimeout == null ? null : Checks.positive("perAttemptTimeout", b.perAttemptTimeout);
    this.random = Objects.requireNonNull(b.random, "random");
  }

  /** The defaults: 3 attempts, 25 ms x2 up to 1 s, connect failures, timeouts, 5xx and 429. */
  public static RetryPolicy defaults() { return DEFAULTS; }

  /** A policy that never retries (one attempt). */
  public static RetryPolicy noRetries() { return builder().maxAttempts(1).build(); }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.multiplier = multiplier;
    b.maxBackoff = maxBackoff;
    b.retryOn = retryOn.isEmpty() ? EnumSet.noneOf(ErrorKind.class) : EnumSet.copyOf(retryOn);
    b.retryOnStatus = new TreeSet<>(retryOnStatus);
    b.retryIf = retryIf;
    b.perAttemptTimeout = perAttemptTimeout;
    b.random = random;
    return b;
  }

  /** Attempts per call, including the first: 1..5. */
  public int maxAttempts() { return maxAttempts; }

  /** The first retry's backoff ceiling. */
  public Duration initialBackoff() { return initialBackoff; }

  /** Growth of the ceiling per retry. */
  public double backoffMultiplier() { return multiplier; }

  /** The largest backoff ceiling. */
  public Duration maxBackoff() { return maxBackoff; }

  /** Error kinds that are retried. */
  public Set<ErrorKind> retryOn() { return retryOn; }

  /** When non-empty, exactly these statuses are retried among status failures. */
  public Set<Integer> retryOnStatus() { return retryOnStatus; }

  /** The timeout of each attempt, or null when only the call's deadline applies. */
  public Duration perAttemptTimeout() { return perAttemptTimeout; }

  /** The random source for jitter. */
  public RandomGenerator random() { return random; }

  /** The backoff ceiling before retry {@code retry} (1 = the first retry), in nanoseconds. */
  public long backoffCeilingNanos(int retry) {
    double ceiling = initialBackoffNanos * Math.pow(multiplier, Math.max(0, retry - 1));
    return ceiling >= maxBackoffNanos ? maxBackoffNanos : (long) ceiling;
  }

  /** A full-jitter backoff before retry {@code retry}: uniform in {@code [0, ceiling]}. */
  public long backoffNanos(int retry) {
    long ceiling = backoffCeilingNanos(retry);
    return ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
  }

  /**
   * True when this policy's conditions call {@code failure} retryable. Idempotency, attempts,
   * budget and deadline are checked separately by the retry engine.
   */
  public boolean isRetryable(ServiceCallException failure) {
    if (failure instanceof RejectedCallException
        || failure instanceof DeadlineExceededException
        || failure instanceof CancelledCallException
        || (failure instanceof StatusException s && s.doNotRetry())) {
      return false; // hard rules: no condition can override these
    }
    if (retryIf != null && retryIf.test(failure)) {
      return true;
    }
    if (failure instanceof StatusException s && !retryOnStatus.isEmpty()) {
      return retryOnStatus.contains(s.status());
    }
    return retryOn.contains(failure.kind());
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff.toMillis() + "ms x"
        + multiplier + " <= " + maxBackoff.toMillis() + "ms, retryOn=" + retryOn
        + (retryOnStatus.isEmpty() ? "" : ", statuses=" + new TreeSet<>(retryOnStatus))
        + (retryIf == null ? "" : ", custom predicate")
        + (perAttemptTimeout == null ? "" : ", perAttemptTimeout=" + perAttemptTimeout.toMillis() + "ms")
        + "]";
  }

  /** Builds {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = PolicyDefaults.MAX_ATTEMPTS;
    private Duration initialBackoff = PolicyDefaults.INITIAL_BACKOFF;
    private double multiplier = PolicyDefaults.BACKOFF_MULTIPLIER;
    private Duration maxBackoff = PolicyDefaults.MAX_BACKOFF;
    private EnumSet<ErrorKind> retryOn = EnumSet.of(
        ErrorKind.CONNECT_FAILED, ErrorKind.TIMEOUT, ErrorKind.SERVER_ERROR, ErrorKind.RATE_LIMITED);
    private TreeSet<Integer> retryOnStatus = new TreeSet<>();
    private Predicate<ServiceCallException> retryIf;
    private Duration perAttemptTimeout;
    private RandomGenerator random = SharedRandom.INSTANCE;

    private Builder() {}

    /** Attempts per call including the first, 1..5. */
    public Builder maxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; return this; }

    /** Backoff: first ceiling, growth per retry (>= 1) and largest ceiling. */
    public Builder backoff(Duration initial, double multiplier, Duration max) {
      return initialBackoff(initial).backoffMultiplier(multiplier).maxBackoff(max);
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
      return this;
    }

    public Builder backoffMultiplier(double multiplier) { this.multiplier = multiplier; return this; }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
      return this;
    }

    /** Replaces the retryable error kinds. */
    public Builder retryOn(ErrorKind... kinds) {
      this.retryOn = kinds.length == 0 ? EnumSet.noneOf(ErrorKind.class) : EnumSet.copyOf(Arrays.asList(kinds));
      return this;
    }

    /** Replaces the retryable statuses; when non-empty it decides for every status failure. */
    public Builder retryOnStatus(int... statuses) {
      this.retryOnStatus = new TreeSet<>();
      for (int s : statuses) {
        retryOnStatus.add(s);
      }
      return this;
    }

    /**
     * A custom condition on the outcome that makes a failure retryable (in addition to kinds and
     * statuses); null for none. It cannot override the hard rules above.
     */
    public Builder retryIf(Predicate<ServiceCallException> predicate) { this.retryIf = predicate; return this; }

    /** A timeout for each attempt; null for none (only the call's deadline). */
    public Builder perAttemptTimeout(Duration timeout) { this.perAttemptTimeout = timeout; return this; }

    /** The random source for jitter. Override for deterministic tests. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public RetryPolicy build() { return new RetryPolicy(this); }
  }
}
