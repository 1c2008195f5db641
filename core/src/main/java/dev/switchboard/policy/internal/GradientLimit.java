package dev.switchboard.policy.internal;

import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.time.Ticker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gradient limit in the style of Netflix's {@code Gradient2Limit}. Samples accumulate in
 * atomics; once a sample window has passed (and holds at least {@link #MIN_SAMPLES} calls) the one
 * thread that wins a CAS on the window start folds it into the estimate:
 *
 * <pre>
 *   shortRtt = average RTT of the window; longRtt = EWMA of shortRtt over longWindow windows
 *   gradient = clamp(tolerance * longRtt / shortRtt, 0.5, 1.0)    (0.5 when the window saw drops)
 *   limit    = smooth(limit * gradient + queue),  queue = 4
 * </pre>
 *
 * When latency rises above its long-term average the gradient falls below 1 and the limit shrinks;
 * when latency returns the gradient is 1 and the queue term grows the limit back. A long RTT far
 * above the short one decays fast, so recovery after a slow spell is not held back. The limit
 * does not grow while less than half of it is in use (the caller is the bottleneck).
 */
final class GradientLimit implements LimitAlgorithm {
  static final int MIN_SAMPLES = 10;
  private static final double QUEUE = 4;

  private final Ticker ticker;
  private final int min;
  private final int max;
  private final double tolerance;
  private final double smoothing;
  private final double longWeight;
  private final long windowNanos;
  private final ChangeListener listener;

  private final AtomicLong windowStart;
  private final AtomicLong rttSum = new AtomicLong();
  private final AtomicInteger samples = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger limit;
  // Written only by the thread that closed a window (guarded by the CAS on windowStart).
  private volatile double estimate;
  private volatile double longRtt;

  GradientLimit(ConcurrencyLimitPolicy config, Ticker ticker, ChangeListener listener) {
    this.ticker = ticker;
    this.min = config.minLimit();
    this.max = config.maxLimit();
    this.tolerance = config.tolerance();
    this.smoothing = config.smoothing();
    this.longWeight = 2.0 / (config.longWindow() + 1);
    this.windowNanos = config.sampleWindow().toNanos();
    this.listener = listener;
    this.limit = new AtomicInteger(config.initialLimit());
    this.estimate = config.initialLimit();
    this.windowStart = new AtomicLong(ticker.nanoTime());
  }

  @Override
  public int limit() {
    return limit.get();
  }

  @Override
  public void onSample(long rttNanos, int inFlight, boolean dropped) {
    rttSum.addAndGet(Math.max(1, rttNanos));
    maxInFlight.accumulateAndGet(inFlight, Math::max);
    if (dropped) {
      drops.incrementAndGet();
    }
    int n = samples.incrementAndGet();
    long now = ticker.nanoTime();
    long start = windowStart.get();
    if (n >= MIN_SAMPLES && now - start >= windowNanos && windowStart.compareAndSet(start, now)) {
      int count = samples.getAndSet(0);
      long sum = rttSum.getAndSet(0);
      int dropCount = drops.getAndSet(0);
      int peak = maxInFlight.getAndSet(0);
      if (count > 0) {
        update((double) sum / count, peak, dropCount > 0);
      }
    }
  }

  private void update(double shortRtt, int peakInFlight, boolean dropped) {
    double lr = longRtt == 0 ? shortRtt : longRtt + (shortRtt - longRtt) * longWeight;
    if (lr / shortRtt > 2) {
      lr *= 0.95; // latency fell a lot: forget the slow past quickly
    }
    longRtt = lr;
    double current = estimate;
    if (!dropped && peakInFlight < current / 2) {
      return; // app-limited: no evidence the server could take more
    }
    double gradient = dropped ? 0.5 : Math.max(0.5, Math.min(1.0, tolerance * lr / shortRtt));
    double next = current * gradient + QUEUE;
    next = current * (1 - smoothing) + next * smoothing;
    next = Math.max(min, Math.min(max, next));
    estimate = next;
    int old = limit.get();
    int rounded = (int) next;
    if (rounded != old) {
      limit.set(rounded);
      listener.onChange(old, rounded);
    }
  }
}
