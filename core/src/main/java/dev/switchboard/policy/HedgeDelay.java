package dev.switchboard.policy;

import dev.switchboard.policy.internal.LatencyHistogram;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One destination's live hedge delay for a {@link HedgingPolicy}: the fixed delay, or the
 * policy's percentile of the attempt latencies {@linkplain #record recorded} over its sliding
 * window, clamped to {@code [minDelay, maxDelay]} ({@code maxDelay} until the window holds
 * {@code minSamples}). Create one per destination and share it between every call to it, like
 * its {@link RetryBudget}.
 *
 * <p>What to record: how long each attempt that was really sent ran, whatever its outcome. An
 * attempt cancelled because another won is recorded with the time it ran, a lower bound of its
 * latency: leaving it out would hide exactly the slow answers and pull the percentile down.
 *
 * <p><b>Threading:</b> lock-free; call from any thread. {@link #record} is one CAS. {@link #nanos}
 * is a volatile read, except that at most once per {@link #REFRESH} one caller (the one that wins
 * a CAS) recomputes the percentile from the histogram.
 */
public final class HedgeDelay {
  /** How often the adaptive delay is recomputed from the histogram. */
  public static final Duration REFRESH = Duration.ofMillis(100);
  private static final int SLICES = 10;

  private final HedgingPolicy policy;
  private final Ticker ticker;
  private final LatencyHistogram histogram; // null when fixed
  private final long fixedNanos;
  private final long minNanos;
  private final long maxNanos;
  private final long refreshNanos;
  private final AtomicLong nextRefresh;
  private volatile long current;

  private HedgeDelay(HedgingPolicy policy, Ticker ticker) {
    this.policy = policy;
    this.ticker = ticker;
    this.fixedNanos = policy.isFixed() ? policy.fixedDelay().toNanos() : 0;
    this.histogram = policy.isFixed() ? null : new LatencyHistogram(ticker, policy.window(), SLICES);
    this.minNanos = policy.minDelay().toNanos();
    this.maxNanos = policy.maxDelay().toNanos();
    this.refreshNanos = Math.min(REFRESH.toNanos(), policy.window().toNanos() / SLICES);
    this.nextRefresh = new AtomicLong(ticker.nanoTime());
    this.current = policy.isFixed() ? fixedNanos : maxNanos;
  }

  /** Fresh state for one destination. */
  public static HedgeDelay create(HedgingPolicy policy, Ticker ticker) {
    return new HedgeDelay(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(ticker, "ticker"));
  }

  /** The policy this delay follows. */
  public HedgingPolicy policy() {
    return policy;
  }

  /** Records how long one attempt ran; ignored for a fixed delay. */
  public void record(long latencyNanos) {
    if (histogram != null) {
      histogram.record(latencyNanos);
    }
  }

  /** The delay before the next hedge now, in nanoseconds. */
  public long nanos() {
    if (histogram == null) {
      return fixedNanos;
    }
    long now = ticker.nanoTime();
    long next = nextRefresh.get();
    if (now - next >= 0 && nextRefresh.compareAndSet(next, now + refreshNanos)) {
      long p = histogram.percentileNanos(policy.percentile(), policy.minSamples());
      current = p < 0 ? maxNanos : Math.max(minNanos, Math.min(maxNanos, p));
    }
    return current;
  }

  /** The delay before the next hedge now. */
  public Duration current() {
    return Duration.ofNanos(nanos());
  }

  /** Latencies in the window (0 for a fixed delay). */
  public long samples() {
    return histogram == null ? 0 : histogram.count();
  }

  @Override
  public String toString() {
    return "HedgeDelay[" + TimeUnit.NANOSECONDS.toMicros(current) + "us, " + policy + "]";
  }
}
