package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.EndpointStats;

/**
 * The load of an endpoint as seen by a pick rule; lower is better. Reads only atomics. Finagle's
 * split: a rule (P2C) times a metric (least requests, peak EWMA).
 */
@FunctionalInterface
interface LoadMetric {
  /**
   * Requests in flight. Idle endpoints tie at zero, so the weighted draw alone decides between them
   * and idle traffic splits by weight (a "+1" would make the heavier one win every idle tie).
   */
  LoadMetric LEAST_REQUEST = (stats, now) -> stats.inFlight();

  double load(EndpointStats stats, long now);

  /**
   * Peak EWMA latency times (in flight + 1): the expected wait for a new request [Finagle
   * {@code PeakEwma}, Linkerd2]. Before the first answer the latency is {@code defaultRttNanos}.
   */
  static LoadMetric peakEwma(double defaultRttNanos) {
    return (stats, now) -> stats.peakEwmaNanos(now, defaultRttNanos) * (stats.inFlight() + 1);
  }
}
