package dev.switchboard.balancer;

import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * What a balancer may use: the destination's statistics, a ticker and a random source (both
 * injectable for deterministic tests), the shared scheduler, telemetry and the balancing options.
 * Immutable.
 *
 * @param service the destination's service name
 * @param stats per-endpoint statistics, updated by the pipeline
 * @param ticker the time source
 * @param random coin flips for P2C and jitter; must be thread-safe unless the test is
 *     single-threaded
 * @param scheduler the shared scheduler; never block on it
 * @param telemetry where balancing events are reported
 * @param options policy options, health checks, outlier detection, panic, slow start, zone
 */
public record BalancerContext(
    String service,
    EndpointStatsRegistry stats,
    Ticker ticker,
    RandomGenerator random,
    ScheduledExecutorService scheduler,
    TelemetryListener telemetry,
    BalancingOptions options) {

  public BalancerContext {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(options, "options");
  }

  /** A context with {@linkplain BalancingOptions#defaults() default options}. */
  public BalancerContext(String service, EndpointStatsRegistry stats, Ticker ticker,
      RandomGenerator random, ScheduledExecutorService scheduler, TelemetryListener telemetry) {
    this(service, stats, ticker, random, scheduler, telemetry, BalancingOptions.defaults());
  }

  /** A copy with other options. */
  public BalancerContext withOptions(BalancingOptions options) {
    return new BalancerContext(service, stats, ticker, random, scheduler, telemetry, options);
  }
}
