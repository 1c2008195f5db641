package dev.switchboard.policy;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The size of a destination's {@link RetryBudget}: retries may add {@code ratio} of the requests
 * seen in the last {@code window}, plus {@code minRetriesPerSecond} for every second of the
 * window (so a quiet client can still retry). Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryBudgetPolicy.builder().ratio(0.1).minRetriesPerSecond(5).window(Duration.ofSeconds(10)).build();
 * }</pre>
 */
public final class RetryBudgetPolicy {
  private static final RetryBudgetPolicy DEFAULTS = builder().build();
  private static final RetryBudgetPolicy UNLIMITED = new RetryBudgetPolicy();

  private final boolean enabled;
  private final double ratio;
  private final int minRetriesPerSecond;
  private final Duration window;

  private RetryBudgetPolicy(Builder b) {
    this.enabled = true;
    this.ratio = Checks.between("ratio", b.ratio, 0.0, 1.0, "0.0..1.0");
    this.minRetriesPerSecond = Checks.atLeast("minRetriesPerSecond", b.minRetriesPerSecond, 0);
    this.window = Checks.between("window", b.window, Duration.ofSeconds(1), Duration.ofSeconds(60), "1 s..60 s");
  }

  private RetryBudgetPolicy() {
    this.enabled = false;
    this.ratio = 1.0;
    this.minRetriesPerSecond = 0;
    this.window = PolicyDefaults.BUDGET_WINDOW;
  }

  /** 20% of requests plus 10 retries per second over 10 s. */
  public static RetryBudgetPolicy defaults() { return DEFAULTS; }

  /**
   * No budget: every retry the policy allows is made. Retries then multiply load in an outage
   * (up to {@code maxAttempts} times); meant for tests and for callers with their own limits.
   */
  public static RetryBudgetPolicy unlimited() { return UNLIMITED; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this config (an unlimited config becomes the defaults). */
  public Builder toBuilder() {
    Builder b = new Builder();
    if (enabled) {
      b.ratio = ratio;
      b.minRetriesPerSecond = minRetriesPerSecond;
      b.window = window;
    }
    return b;
  }

  /** False for {@link #unlimited()}. */
  public boolean enabled() { return enabled; }

  /** Retries allowed per request in the window, 0..1. */
  public double ratio() { return ratio; }

  /** Retries allowed per second regardless of traffic. */
  public int minRetriesPerSecond() { return minRetriesPerSecond; }

  /** How long deposits and withdrawals count. */
  public Duration window() { return window; }

  @Override
  public String toString() {
    return enabled
        ? "RetryBudgetPolicy[" + Math.round(ratio * 100) + "% + " + minRetriesPerSecond + "/s over "
            + window.toSeconds() + "s]"
        : "RetryBudgetPolicy[unlimited]";
  }

  /** Builds {@link RetryBudgetPolicy}. Not thread-safe. */
  public static final class Builder {
    private double ratio = PolicyDefaults.BUDGET_RATIO;
    private int minRetriesPerSecond = PolicyDefaults.BUDGET_MIN_RETRIES_PER_SECOND;
    private Duration window = PolicyDefaults.BUDGET_WINDOW;

    private Builder() {}

    /** Retries allowed per request, 0.0..1.0 (0.2 = 20%). */
    public Builder ratio(double ratio) { this.ratio = ratio; return this; }

    /** Retries allowed per second regardless of traffic, >= 0. */
    public Builder minRetriesPerSecond(int minRetriesPerSecond) {
      this.minRetriesPerSecond = minRetriesPerSecond;
      return this;
    }

    /** How long deposits and withdrawals count, 1 s..60 s. */
    public Builder window(Duration window) { this.window = Objects.requireNonNull(window, "window"); return this; }
    public RetryBudgetPolicy build() { return new RetryBudgetPolicy(this); }
  }
}
