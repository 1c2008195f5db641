package dev.switchboard.policy;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The size of a destination's {@link RetryBudget}, in two parts that every extra attempt (retry or
 * hedge) must both pass:
 *
 * <ul>
 *   <li><b>the budget</b> (how much): retries may add {@code ratio} of the requests seen in the
 *       last {@code window}, plus {@code minRetriesPerSecond} for every second of the window (so a
 *       quiet client can still retry) [Finagle {@code RetryBudget}];
 *   <li><b>the throttle</b> (whether at all): a token bucket of {@code throttleMaxTokens}, full at
 *       start; each failed attempt takes one token, each successful one gives back
 *       {@code throttleTokenRatio}; extra attempts are allowed only while more than half the
 *       tokens are left [gRFC A6 retry throttling]. A destination that mostly fails stops being
 *       retried after about {@code throttleMaxTokens / 2} failures, whatever the budget's window
 *       holds, while one with a few bad replicas keeps its retries (its successes refill the bucket).
 * </ul>
 *
 * In a total outage of N calls the wire therefore sees about N + {@code throttleMaxTokens / 2}
 * requests (plus the attempts racing the bucket), not N + ratio × N + the reserve.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryBudgetPolicy.builder().ratio(0.1).minRetriesPerSecond(5).window(Duration.ofSeconds(10))
 *     .throttle(20, 0.1).build();
 * }</pre>
 */
public final class RetryBudgetPolicy {
  private static final RetryBudgetPolicy DEFAULTS = builder().build();
  private static final RetryBudgetPolicy UNLIMITED = new RetryBudgetPolicy();

  private final boolean enabled;
  private final double ratio;
  private final int minRetriesPerSecond;
  private final Duration window;
  private final int throttleMaxTokens;
  private final double throttleTokenRatio;

  private RetryBudgetPolicy(Builder b) {
    this.enabled = true;
    this.ratio = Checks.between("ratio", b.ratio, 0.0, 1.0, "0.0..1.0");
    this.minRetriesPerSecond = Checks.atLeast("minRetriesPerSecond", b.minRetriesPerSecond, 0);
    this.window = Checks.between("window", b.window, Duration.ofSeconds(1), Duration.ofSeconds(60), "1 s..60 s");
    this.throttleMaxTokens = Checks.between("throttleMaxTokens", b.throttleMaxTokens, 0, 1000);
    this.throttleTokenRatio = Checks.between("throttleTokenRatio", b.throttleTokenRatio, 0.001, 1.0, "0.001..1.0");
  }

  private RetryBudgetPolicy() {
    this.enabled = false;
    this.ratio = 1.0;
    this.minRetriesPerSecond = 0;
    this.window = PolicyDefaults.BUDGET_WINDOW;
    this.throttleMaxTokens = 0;
    this.throttleTokenRatio = PolicyDefaults.THROTTLE_TOKEN_RATIO;
  }

  /** 20% of requests plus 10 retries per second over 10 s, throttled at 20 tokens, +0.25 per success. */
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
      b.throttleMaxTokens = throttleMaxTokens;
      b.throttleTokenRatio = throttleTokenRatio;
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

  /** The throttle's bucket size; 0 when the throttle is off. Extra attempts need more than half. */
  public int throttleMaxTokens() { return throttleMaxTokens; }

  /** Tokens one successful attempt gives back to the throttle (a failed one takes 1). */
  public double throttleTokenRatio() { return throttleTokenRatio; }

  /** True when the failure throttle is on. */
  public boolean throttled() { return enabled && throttleMaxTokens > 0; }

  @Override
  public String toString() {
    return enabled
        ? "RetryBudgetPolicy[" + Math.round(ratio * 100) + "% + " + minRetriesPerSecond + "/s over "
            + window.toSeconds() + "s" + (throttleMaxTokens > 0 ? ", throttle " + throttleMaxTokens + " tokens +"
            + throttleTokenRatio + "/success" : ", no throttle") + "]"
        : "RetryBudgetPolicy[unlimited]";
  }

  /** Builds {@link RetryBudgetPolicy}. Not thread-safe. */
  public static final class Builder {
    private double ratio = PolicyDefaults.BUDGET_RATIO;
    private int minRetriesPerSecond = PolicyDefaults.BUDGET_MIN_RETRIES_PER_SECOND;
    private Duration window = PolicyDefaults.BUDGET_WINDOW;
    private int throttleMaxTokens = PolicyDefaults.THROTTLE_MAX_TOKENS;
    private double throttleTokenRatio = PolicyDefaults.THROTTLE_TOKEN_RATIO;

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

    /**
     * The failure throttle [gRFC A6]: a bucket of {@code maxTokens} (0..1000; 0 turns the throttle
     * off, leaving the budget alone), each failed attempt takes 1, each success gives back
     * {@code tokenRatio} (0.001..1); extra attempts need more than half the bucket.
     */
    public Builder throttle(int maxTokens, double tokenRatio) {
      this.throttleMaxTokens = maxTokens;
      this.throttleTokenRatio = tokenRatio;
      return this;
    }

    /** Turns the failure throttle off: only the budget limits extra attempts (the behaviour before 0.2). */
    public Builder noThrottle() { this.throttleMaxTokens = 0; return this; }
    public RetryBudgetPolicy build() { return new RetryBudgetPolicy(this); }
  }
}
