package dev.switchboard.policy.internal;

import dev.switchboard.policy.ConcurrencyLimitPolicy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Additive increase, multiplicative decrease (Netflix {@code AIMDLimit}): a drop, or a call slower
 * than the latency threshold, multiplies the limit by the backoff ratio; a success while at least
 * half the limit is in use adds one. Successes while mostly idle do not grow the limit, so it
 * cannot drift upward when the caller, not the server, is the bottleneck. One CAS per sample.
 */
final class AimdLimit implements LimitAlgorithm {
  private final int min;
  private final int max;
  private final double backoffRatio;
  private final long latencyThresholdNanos;
  private final ChangeListener listener;
  private final AtomicInteger limit;

  AimdLimit(ConcurrencyLimitPolicy config, ChangeListener listener) {
    this.min = config.minLimit();
    this.max = config.maxLimit();
    this.backoffRatio = config.backoffRatio();
    this.latencyThresholdNanos = config.latencyThreshold().toNanos();
    this.listener = listener;
    this.limit = new AtomicInteger(config.initialLimit());
  }

  @Override
  public int limit() {
    return limit.get();
  }

  @Override
  public void onSample(long rttNanos, int inFlight, boolean dropped) {
    boolean drop = dropped || rttNanos > latencyThresholdNanos;
    while (true) {
      int cur = limit.get();
      int next;
      if (drop) {
        next = Math.max(min, Math.min(cur - 1, (int) (cur * backoffRatio)));
      } else if (inFlight * 2 >= cur) {
        next = Math.min(max, cur + 1);
      } else {
        return;
      }
      next = Math.max(min, next);
      if (next == cur) {
        return;
      }
      if (limit.compareAndSet(cur, next)) {
        listener.onChange(cur, next);
        return;
      }
    }
  }
}
