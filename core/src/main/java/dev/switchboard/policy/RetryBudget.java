package dev.switchboard.policy;

import dev.switchboard.policy.internal.SlidingWindowCounter;
import dev.switchboard.time.Ticker;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One destination's retry allowance, shared by every source of extra attempts (retries and
 * hedges). Two limits, both of which an extra attempt must pass ({@link RetryBudgetPolicy}):
 *
 * <ul>
 *   <li>the <b>budget</b>, in the style of Finagle's {@code RetryBudget}: each call
 *       {@linkplain #deposit() deposits}; each extra attempt must {@linkplain #tryWithdraw()
 *       withdraw}. Within any window, withdrawals never exceed {@code ratio x deposits +
 *       minRetriesPerSecond x windowSeconds}: how much extra load retries may add at most;
 *   <li>the <b>throttle</b> (gRFC A6): every attempt's outcome is {@linkplain #onAttemptSuccess()
 *       reported}; failures drain a token bucket and successes refill it slowly, and while half of
 *       it or less is left no extra attempt is made: whether retrying helps at all. The budget
 *       alone lets an outage cost {@code N + 20% + the reserve}; the throttle stops retrying a
 *       destination that mostly fails after a handful of failures.
 * </ul>
 *
 * <p><b>Threading:</b> lock-free (atomics only); call from any thread. Time comes from the
 * injected {@link Ticker}.
 */
public final class RetryBudget {
  private static final int SLICES = 10;
  private static final int DEPOSIT_STRIPES = 4; // a power of two

  private final RetryBudgetPolicy config;
  /**
   * Calls, counted on one window per stripe by calling thread: every call deposits, so callers on
   * different cores write different cache lines; only withdrawals (retries, hedges) sum them.
   */
  private final SlidingWindowCounter[] deposits = new SlidingWindowCounter[DEPOSIT_STRIPES];
  private final SlidingWindowCounter withdrawals;
  private final long reserve;
  /** Throttle tokens in thousandths, so the bucket is one CAS-updated long. */
  private final AtomicLong milliTokens;
  private final long maxMilliTokens;
  private final long successMilliTokens;
  private final LongAdder refusals = new LongAdder();

  private RetryBudget(RetryBudgetPolicy config, Ticker ticker) {
    this.config = config;
    for (int i = 0; i < DEPOSIT_STRIPES; i++) {
      this.deposits[i] = new SlidingWindowCounter(ticker, config.window(), SLICES);
    }
    this.withdrawals = new SlidingWindowCounter(ticker, config.window(), SLICES);
    this.reserve = (long) config.minRetriesPerSecond() * Math.max(1, config.window().toSeconds());
    this.maxMilliTokens = config.throttled() ? config.throttleMaxTokens() * 1000L : 0;
    this.successMilliTokens = Math.max(1, Math.round(config.throttleTokenRatio() * 1000));
    this.milliTokens = new AtomicLong(maxMilliTokens);
  }

  /** A new, empty budget for one destination. */
  public static RetryBudget create(RetryBudgetPolicy config, Ticker ticker) {
    return new RetryBudget(Objects.requireNonNull(config, "config"), Objects.requireNonNull(ticker, "ticker"));
  }

  /** The configuration. */
  public RetryBudgetPolicy config() {
    return config;
  }

  /** Records one call (not one attempt). */
  public void deposit() {
    if (config.enabled()) {
      deposits[(int) (Thread.currentThread().getId() & (DEPOSIT_STRIPES - 1))].add(1);
    }
  }

  /** Takes one extra attempt from the budget; false when it is spent or the throttle is closed. */
  public boolean tryWithdraw() {
    if (!config.enabled() || (!isThrottled() && withdrawals.incrementIfAtMost(allowance()))) {
      return true;
    }
    refusals.increment();
    return false;
  }

  /** Reports an attempt that succeeded (or got a real answer): refills the throttle a little. */
  public void onAttemptSuccess() {
    if (maxMilliTokens > 0 && milliTokens.get() < maxMilliTokens) {
      milliTokens.accumulateAndGet(successMilliTokens, (t, d) -> Math.min(maxMilliTokens, t + d));
    }
  }

  /** Reports an attempt that failed by the destination's fault: drains the throttle by one token. */
  public void onAttemptFailure() {
    if (maxMilliTokens > 0 && milliTokens.get() > 0) {
      milliTokens.accumulateAndGet(1000, (t, d) -> Math.max(0, t - d));
    }
  }

  /**
   * True while the throttle refuses extra attempts: half of its tokens or fewer are left (gRFC
   * A6: "retries are allowed only while token_count is greater than max_tokens / 2").
   */
  public boolean isThrottled() {
    return maxMilliTokens > 0 && milliTokens.get() * 2 <= maxMilliTokens;
  }

  /** The throttle's tokens now (its bucket size when full; 0 when the throttle is off). */
  public double throttleTokens() {
    return milliTokens.get() / 1000.0;
  }

  /** Withdrawals refused so far (by the budget or the throttle): retries and hedges it stopped (for metrics). */
  public long refusals() {
    return refusals.sum();
  }

  /**
   * Returns a withdrawal that turned out not to be needed (the extra attempt was never sent),
   * if it was made in the current slice of the window.
   */
  public void refund() {
    if (config.enabled()) {
      withdrawals.decrementCurrent();
    }
  }

  /** Extra attempts still available now; {@link Long#MAX_VALUE} when unlimited. */
  public long balance() {
    return config.enabled() ? Math.max(0, allowance() - withdrawals.sum()) : Long.MAX_VALUE;
  }

  private long allowance() {
    long calls = 0;
    for (SlidingWindowCounter stripe : deposits) {
      calls += stripe.sum();
    }
    return (long) (calls * config.ratio()) + reserve;
  }

  @Override
  public String toString() {
    return "RetryBudget[" + config + ", balance=" + balance()
        + (maxMilliTokens > 0 ? ", throttle tokens=" + throttleTokens() : "") + "]";
  }
}
