package dev.switchboard.policy.internal;

import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.time.Ticker;

/**
 * Computes a destination's concurrency limit from completed calls. Implementations are lock-free
 * and thread-safe: {@link #onSample} is called concurrently by every completing call.
 */
public interface LimitAlgorithm {
  /** Receives limit changes, for telemetry. */
  @FunctionalInterface
  interface ChangeListener {
    void onChange(int oldLimit, int newLimit);
  }

  /** The current limit (a volatile read). */
  int limit();

  /**
   * One completed call.
   *
   * @param rttNanos how long the call took
   * @param inFlight calls in flight when it completed (including itself)
   * @param dropped true when it ended in an overload signal
   */
  void onSample(long rttNanos, int inFlight, boolean dropped);

  /** The algorithm {@code config} asks for. */
  static LimitAlgorithm create(ConcurrencyLimitPolicy config, Ticker ticker, ChangeListener listener) {
    return switch (config.algorithm()) {
      case FIXED -> new FixedLimit(config.initialLimit());
      case AIMD -> new AimdLimit(config, listener);
      case GRADIENT -> new GradientLimit(config, ticker, listener);
      case UNLIMITED -> throw new IllegalArgumentException("unlimited has no algorithm");
    };
  }
}
