package dev.switchboard.policy;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * When a destination's {@link CircuitBreaker} opens, how long it stays open and how it probes.
 * The failure rate is measured over a sliding window, either the last {@code N} calls
 * ({@link Builder#countWindow}) or the last duration ({@link Builder#timeWindow}), and is only
 * judged once the window holds {@code minimumCalls}. Only server faults count as failures (5xx,
 * connect failures, timeouts); 4xx answers count as successes. Immutable and thread-safe.
 *
 * <pre>{@code
 * CircuitBreakerPolicy.builder().failureRateThreshold(0.5).countWindow(50).minimumCalls(10)
 *     .openDuration(Duration.ofSeconds(5)).halfOpenCalls(3).build();
 * }</pre>
 */
public final class CircuitBreakerPolicy {
  private static final CircuitBreakerPolicy DISABLED = new CircuitBreakerPolicy();
  private static final CircuitBreakerPolicy DEFAULTS = builder().build();

  /** How the sliding window is measured. */
  public enum WindowType {
    /** The last {@code windowCalls} calls. */
    COUNT,
    /** The calls of the last {@code windowDuration}. */
    TIME
  }

  private final boolean enabled;
  private final double failureRateThreshold;
  private final WindowType windowType;
  private final int windowCalls;
  private final Duration windowDuration;
  private final int minimumCalls;
  private final Duration openDuration;
  private final int halfOpenCalls;

  private CircuitBreakerPolicy(Builder b) {
    if (!(b.failureRateThreshold > 0.0 && b.failureRateThreshold <= 1.0)) {
      throw new IllegalArgumentException("failureRateThreshold must be in (0.0, 1.0]: " + b.failureRateThreshold);
    }
    if (b.windowType == WindowType.COUNT && b.minimumCalls > b.windowCalls) {
      throw new IllegalArgumentException(
          "minimumCalls must be <= windowCalls: " + b.minimumCalls + " > " + b.windowCalls);
    }
    this.enabled = true;
    this.failureRateThreshold = b.failureRateThreshold;
    this.windowType = b.windowType;
    this.windowCalls = Checks.atLeast("windowCalls", b.windowCalls, 1);
    this.windowDuration = Checks.atLeast("windowDuration", b.windowDuration, Duration.ofMillis(10), ">= 10 ms");
    this.minimumCalls = Checks.atLeast("minimumCalls", b.minimumCalls, 1);
    this.openDuration = Checks.positive("openDuration", b.openDuration);
    this.halfOpenCalls = Checks.atLeast("halfOpenCalls", b.halfOpenCalls, 1);
  }

  private CircuitBreakerPolicy() {
    this.enabled = false;
    this.failureRateThreshold = PolicyDefaults.BREAKER_FAILURE_RATE;
    this.windowType = WindowType.COUNT;
    this.windowCalls = PolicyDefaults.BREAKER_WINDOW_CALLS;
    this.windowDuration = PolicyDefaults.BREAKER_WINDOW_DURATION;
    this.minimumCalls = PolicyDefaults.BREAKER_MINIMUM_CALLS;
    this.openDuration = PolicyDefaults.BREAKER_OPEN_DURATION;
    this.halfOpenCalls = PolicyDefaults.BREAKER_HALF_OPEN_CALLS;
  }

  /** No breaker: the default of {@code ServiceConfig}, where outlier ejection guards endpoints. */
  public static CircuitBreakerPolicy disabled() { return DISABLED; }

  /** 50% over the last 100 calls, after 20 calls; open 10 s; 5 trial calls. */
  public static CircuitBreakerPolicy defaults() { return DEFAULTS; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this config (a disabled config becomes the defaults). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.failureRateThreshold = failureRateThreshold;
    b.windowType = windowType;
    b.windowCalls = windowCalls;
    b.windowDuration = windowDuration;
    b.minimumCalls = minimumCalls;
    b.openDuration = openDuration;
    b.halfOpenCalls = halfOpenCalls;
    return b;
  }

  public boolean enabled() { return enabled; }

  /** The failure rate (0..1] at or above which the breaker opens. */
  public double failureRateThreshold() { return failureRateThreshold; }
  public WindowType windowType() { return windowType; }

  /** Calls in a {@link WindowType#COUNT} window. */
  public int windowCalls() { return windowCalls; }

  /** Length of a {@link WindowType#TIME} window. */
  public Duration windowDuration() { return windowDuration; }

  /** Calls the window must hold before the failure rate is judged. */
  public int minimumCalls() { return minimumCalls; }

  /** How long the breaker stays open before letting trial calls through. */
  public Duration openDuration() { return openDuration; }

  /** Trial calls let through while half-open; all must succeed to close. */
  public int halfOpenCalls() { return halfOpenCalls; }

  @Override
  public String toString() {
    if (!enabled) {
      return "CircuitBreakerPolicy[disabled]";
    }
    return "CircuitBreakerPolicy[" + Math.round(failureRateThreshold * 100) + "% over "
        + (windowType == WindowType.COUNT ? windowCalls + " calls" : windowDuration.toMillis() + " ms")
        + ", min " + minimumCalls + ", open " + openDuration.toMillis() + " ms, " + halfOpenCalls
        + " trial calls]";
  }

  /** Builds {@link CircuitBreakerPolicy}. Not thread-safe. */
  public static final class Builder {
    private double failureRateThreshold = PolicyDefaults.BREAKER_FAILURE_RATE;
    private WindowType windowType = WindowType.COUNT;
    private int windowCalls = PolicyDefaults.BREAKER_WINDOW_CALLS;
    private Duration windowDuration = PolicyDefaults.BREAKER_WINDOW_DURATION;
    private int minimumCalls = PolicyDefaults.BREAKER_MINIMUM_CALLS;
    private Duration openDuration = PolicyDefaults.BREAKER_OPEN_DURATION;
    private int halfOpenCalls = PolicyDefaults.BREAKER_HALF_OPEN_CALLS;

    private Builder() {}

    /** Opens at or above this failure rate, in (0.0, 1.0]. */
    public Builder failureRateThreshold(double rate) { this.failureRateThreshold = rate; return this; }

    /** Measures over the last {@code calls} calls. */
    public Builder countWindow(int calls) {
      this.windowType = WindowType.COUNT;
      this.windowCalls = calls;
      return this;
    }

    /** Measures over the calls of the last {@code duration}. */
    public Builder timeWindow(Duration duration) {
      this.windowType = WindowType.TIME;
      this.windowDuration = Objects.requireNonNull(duration, "windowDuration");
      return this;
    }

    /** Calls needed in the window before the rate is judged, >= 1. */
    public Builder minimumCalls(int minimumCalls) { this.minimumCalls = minimumCalls; return this; }

    /** Time spent open before probing, > 0. */
    public Builder openDuration(Duration openDuration) {
      this.openDuration = Objects.requireNonNull(openDuration, "openDuration");
      return this;
    }

    /** Trial calls while half-open, >= 1. */
    public Builder halfOpenCalls(int halfOpenCalls) { this.halfOpenCalls = halfOpenCalls; return this; }
    public CircuitBreakerPolicy build() { return new CircuitBreakerPolicy(this); }
  }
}
