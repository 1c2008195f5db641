package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.EndpointStatsRegistry;

/**
 * The load of an endpoint as seen by a pick rule; lower is better. Reads only atomics. Finagle's
 * split: a rule (P2C) times a metric (least requests, peak EWMA).
 *
 * <p>In-flight requests are counted per unit of capacity: {@code inFlight × scale}, where
 * {@code scale} is the candidates' mean weight ÷ this endpoint's weight (1 when weights are
 * equal). An endpoint of weight 3 among peers of weight 1 is as loaded with 3 requests in flight as
 * they are with 1 (Envoy's weighted least request divides active requests by weight the same way),
 * while idle endpoints still look alike, so the weighted draw alone splits idle traffic.
 */
@FunctionalInterface
interface LoadMetric {
  /**
   * Requests in flight per unit of capacity. Idle endpoints tie at zero, so the weighted draw
   * alone decides between them and idle traffic splits by weight.
   */
  LoadMetric LEAST_REQUEST = (stats, scale, now) -> stats.inFlight() * scale;

  /**
   * @param scale the candidates' mean weight ÷ this endpoint's weight
   */
  double load(EndpointStats stats, double scale, long now);

  /**
   * Peak EWMA latency times (in flight per unit of capacity + 1): the expected wait for a new
   * request [Finagle {@code PeakEwma}, Linkerd2]. Before an endpoint's first answer its latency is
   * the destination's recent average ({@link EndpointStatsRegistry#expectedLatencyNanos}), or
   * {@code defaultRttNanos} before any endpoint answered.
   */
  static LoadMetric peakEwma(EndpointStatsRegistry registry, double defaultRttNanos) {
    return (stats, scale, now) -> (stats.hasLatencySample() ? stats.peakEwmaNanos(now, defaultRttNanos)
        : registry.expectedLatencyNanos(defaultRttNanos)) * (stats.inFlight() * scale + 1);
  }
}
