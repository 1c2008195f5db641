package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.EndpointStats;

/**
 * The load of an endpoint as seen by a pick rule; lower is better. Reads only atomics. Finagle's
 * split: a rule (P2C) times a metric (least requests, peak EWMA).
 */
@FunctionalInterface
interface LoadMetric {
  /** Requests in flight, plus one so that weights still matter on an idle endpoint. */
  LoadMetric LEAST_REQUEST = (stats, now) -> stats.inFlight() + 1;

  double load(EndpointStats stats, long now);

  /**
   * Peak EWMA latency times (in flight + 1): the expected wait for a new request [Finagle
   * {@code PeakEwma}, Linkerd2]. Before the first answer the latency is {@code defaultRttNanos}.
   */
  static LoadMetric peakEwma(double defaultRttNanos) {
    return (stats, now) -> stats.peakEwmaNanos(now, defaultRttNanos) * (stats.inFlight() + 1);
  }
}
