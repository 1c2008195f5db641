package dev.switchboard.policy;

import dev.switchboard.policy.internal.SlidingWindowCounter;
import dev.switchboard.time.Ticker;
import java.util.Objects;

/**
 * One destination's retry allowance, shared by every source of extra attempts (retries and
 * hedges): a token bucket in the style of Finagle's {@code RetryBudget}. Each call
 * {@linkplain #deposit() deposits}; each extra attempt must {@linkplain #tryWithdraw() withdraw}.
 * Within any window, withdrawals never exceed {@code ratio x deposits + minRetriesPerSecond x
 * windowSeconds}, so in an outage retries add at most that much load.
 *
 * <p><b>Threading:</b> lock-free (atomics only); call from any thread. Time comes from the
 * injected {@link Ticker}.
 */
public final class RetryBudget {
  private static final int SLICES = 10;

  private final RetryBudgetPolicy config;
  private final SlidingWindowCounter deposits;
  private final SlidingWindowCounter withdrawals;
  private final long reserve;

  private RetryBudget(RetryBudgetPolicy config, Ticker ticker) {
    this.config = config;
    this.deposits = new SlidingWindowCounter(ticker, config.window(), SLICES);
    this.withdrawals = new SlidingWindowCounter(ticker, config.window(), SLICES);
    this.reserve = (long) config.minRetriesPerSecond() * Math.max(1, config.window().toSeconds());
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
      deposits.add(1);
    }
  }

  /** Takes one extra attempt from the budget; false when it is spent. */
  public boolean tryWithdraw() {
    return !config.enabled() || withdrawals.incrementIfAtMost(allowance());
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
    return (long) (deposits.sum() * config.ratio()) + reserve;
  }

  @Override
  public String toString() {
    return "RetryBudget[" + config + ", balance=" + balance() + "]";
  }
}
