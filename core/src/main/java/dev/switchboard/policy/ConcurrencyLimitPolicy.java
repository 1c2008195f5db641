package dev.switchboard.policy;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How many calls to one destination may be in flight at once, and how long a call waits for a
 * slot (within its deadline) before failing with {@code CONCURRENCY_LIMITED}. Three algorithms:
 *
 * <ul>
 *   <li>{@link #fixed(int)}: a static maximum.
 *   <li>{@link #aimd()}: additive increase, multiplicative decrease. A call that failed with a
 *       server fault, was rate limited or took longer than {@code latencyThreshold} is a drop and
 *       multiplies the limit by {@code backoffRatio}; a success while at least half the limit is in
 *       use adds one.
 *   <li>{@link #gradient()}: in the style of Netflix's Gradient2: per sample window, the limit
 *       follows {@code limit x clamp(tolerance x longRtt / shortRtt, 0.5, 1) + queue}, smoothed, so
 *       it shrinks when latency rises above its long-term average (or calls drop) and grows back
 *       when latency returns.
 * </ul>
 *
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ConcurrencyLimitPolicy.fixed(64).toBuilder().maxWait(Duration.ofMillis(20)).build();
 * ConcurrencyLimitPolicy.aimd().initialLimit(20).maxLimit(100).build();
 * }</pre>
 */
public final class ConcurrencyLimitPolicy {
  /** The limiting algorithm. */
  public enum Algorithm {
    UNLIMITED,
    FIXED,
    AIMD,
    GRADIENT
  }

  private static final ConcurrencyLimitPolicy UNLIMITED = new Builder(Algorithm.UNLIMITED).build();

  private final Algorithm algorithm;
  private final int initialLimit;
  private final int minLimit;
  private final int maxLimit;
  private final Duration maxWait;
  private final double backoffRatio;
  private final Duration latencyThreshold;
  private final double tolerance;
  private final double smoothing;
  private final int longWindow;
  private final Duration sampleWindow;

  private ConcurrencyLimitPolicy(Builder b) {
    this.algorithm = b.algorithm;
    boolean fixed = b.algorithm == Algorithm.FIXED;
    if (fixed && b.initialLimit < 1) {
      throw new IllegalArgumentException("maxConcurrency must be >= 1: " + b.initialLimit);
    }
    int min = fixed ? b.initialLimit : b.minLimit;
    int max = fixed ? b.initialLimit : b.maxLimit;
    if (min < 1) {
      throw new IllegalArgumentException("minLimit must be >= 1: " + min);
    }
    if (max < min) {
      throw new IllegalArgumentException("maxLimit must be >= minLimit: " + max + " < " + min);
    }
    if (b.initialLimit < min || b.initialLimit > max) {
      throw new IllegalArgumentException("initialLimit must be within minLimit..maxLimit: " + b.initialLimit);
    }
    if (!(b.backoffRatio >= 0.5 && b.backoffRatio < 1.0)) {
      throw new IllegalArgumentException("backoffRatio must be in [0.5, 1.0): " + b.backoffRatio);
    }
    if (!(b.tolerance >= 1.0) || Double.isInfinite(b.tolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 1: " + b.tolerance);
    }
    if (!(b.smoothing > 0.0 && b.smoothing <= 1.0)) {
      throw new IllegalArgumentException("smoothing must be in (0.0, 1.0]: " + b.smoothing);
    }
    this.initialLimit = b.initialLimit;
    this.minLimit = min;
    this.maxLimit = max;
    this.maxWait = Checks.nonNegative("maxWait", b.maxWait);
    this.backoffRatio = b.backoffRatio;
    this.latencyThreshold = Checks.positive("latencyThreshold", b.latencyThreshold);
    this.tolerance = b.tolerance;
    this.smoothing = b.smoothing;
    this.longWindow = Checks.atLeast("longWindow", b.longWindow, 1);
    this.sampleWindow = Checks.positive("sampleWindow", b.sampleWindow);
  }

  /** No limit: the default of {@code ServiceConfig}. */
  public static ConcurrencyLimitPolicy unlimited() { return UNLIMITED; }

  /** At most {@code maxConcurrency} calls in flight; no waiting (change with {@code toBuilder().maxWait}). */
  public static ConcurrencyLimitPolicy fixed(int maxConcurrency) {
    return new Builder(Algorithm.FIXED).initialLimit(maxConcurrency).build();
  }

  /** A builder for an AIMD limit with the defaults of {@link PolicyDefaults}. */
  public static Builder aimd() { return new Builder(Algorithm.AIMD); }

  /** A builder for a gradient limit with the defaults of {@link PolicyDefaults}. */
  public static Builder gradient() { return new Builder(Algorithm.GRADIENT); }

  /** A builder initialized with this config. */
  public Builder toBuilder() {
    Builder b = new Builder(algorithm);
    b.initialLimit = initialLimit;
    b.minLimit = minLimit;
    b.maxLimit = maxLimit;
    b.maxWait = maxWait;
    b.backoffRatio = backoffRatio;
    b.latencyThreshold = latencyThreshold;
    b.tolerance = tolerance;
    b.smoothing = smoothing;
    b.longWindow = longWindow;
    b.sampleWindow = sampleWindow;
    return b;
  }

  public Algorithm algorithm() { return algorithm; }
  public boolean enabled() { return algorithm != Algorithm.UNLIMITED; }

  /** The starting limit (the limit itself for {@link Algorithm#FIXED}). */
  public int initialLimit() { return initialLimit; }
  public int minLimit() { return minLimit; }
  public int maxLimit() { return maxLimit; }

  /** The longest a call waits for a slot; always clipped to the call's remaining time. */
  public Duration maxWait() { return maxWait; }

  /** AIMD: the factor applied on a drop, in [0.5, 1). */
  public double backoffRatio() { return backoffRatio; }

  /** AIMD: a call slower than this counts as a drop. */
  public Duration latencyThreshold() { return latencyThreshold; }

  /** Gradient: how much slower than the long-term RTT the short-term RTT may be before shrinking. */
  public double tolerance() { return tolerance; }

  /** Gradient: weight of each new estimate, (0, 1]. */
  public double smoothing() { return smoothing; }

  /** Gradient: windows averaged into the long-term RTT. */
  public int longWindow() { return longWindow; }

  /** Gradient: the shortest sample window. */
  public Duration sampleWindow() { return sampleWindow; }

  @Override
  public String toString() {
    return switch (algorithm) {
      case UNLIMITED -> "ConcurrencyLimitPolicy[unlimited]";
      case FIXED -> "ConcurrencyLimitPolicy[fixed " + initialLimit + ", maxWait=" + maxWait.toMillis() + "ms]";
      default -> "ConcurrencyLimitPolicy[" + algorithm.name().toLowerCase(java.util.Locale.ROOT) + " "
          + minLimit + ".." + maxLimit + " from " + initialLimit + ", maxWait=" + maxWait.toMillis() + "ms]";
    };
  }

  /** Builds {@link ConcurrencyLimitPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Algorithm algorithm;
    private int initialLimit = PolicyDefaults.LIMIT_INITIAL;
    private int minLimit = PolicyDefaults.LIMIT_MIN;
    private int maxLimit = PolicyDefaults.LIMIT_MAX;
    private Duration maxWait = PolicyDefaults.LIMIT_MAX_WAIT;
    private double backoffRatio = PolicyDefaults.AIMD_BACKOFF_RATIO;
    private Duration latencyThreshold = PolicyDefaults.AIMD_LATENCY_THRESHOLD;
    private double tolerance = PolicyDefaults.GRADIENT_TOLERANCE;
    private double smoothing = PolicyDefaults.GRADIENT_SMOOTHING;
    private int longWindow = PolicyDefaults.GRADIENT_LONG_WINDOW;
    private Duration sampleWindow = PolicyDefaults.GRADIENT_SAMPLE_WINDOW;

    private Builder(Algorithm algorithm) {
      this.algorithm = algorithm;
    }

    /** The starting limit; for a fixed limit, the maximum itself. */
    public Builder initialLimit(int initialLimit) { this.initialLimit = initialLimit; return this; }
    public Builder minLimit(int minLimit) { this.minLimit = minLimit; return this; }
    public Builder maxLimit(int maxLimit) { this.maxLimit = maxLimit; return this; }

    /** How long a call may wait for a slot (clipped to its deadline); zero fails at once. */
    public Builder maxWait(Duration maxWait) { this.maxWait = Objects.requireNonNull(maxWait, "maxWait"); return this; }
    public Builder backoffRatio(double backoffRatio) { this.backoffRatio = backoffRatio; return this; }

    public Builder latencyThreshold(Duration latencyThreshold) {
      this.latencyThreshold = Objects.requireNonNull(latencyThreshold, "latencyThreshold");
      return this;
    }

    public Builder tolerance(double tolerance) { this.tolerance = tolerance; return this; }
    public Builder smoothing(double smoothing) { this.smoothing = smoothing; return this; }
    public Builder longWindow(int longWindow) { this.longWindow = longWindow; return this; }

    public Builder sampleWindow(Duration sampleWindow) {
      this.sampleWindow = Objects.requireNonNull(sampleWindow, "sampleWindow");
      return this;
    }

    public ConcurrencyLimitPolicy build() { return new ConcurrencyLimitPolicy(this); }
  }
}
