package dev.switchboard.balancer;

import dev.switchboard.spi.SharedExecutor;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;

/**
 * What a balancer may use: the destination's statistics, a ticker, a random source and a timer
 * (all three injectable for deterministic tests), telemetry and the balancing options. Immutable.
 *
 * @param service the destination's service name
 * @param stats per-endpoint statistics, updated by the pipeline
 * @param ticker the time source
 * @param random coin flips for P2C and jitter; must be thread-safe unless the test is
 *     single-threaded
 * @param timer runs the balancer's timed work (outlier intervals, readmissions, health checks);
 *     tasks run on a timer thread and must not block
 * @param telemetry where balancing events are reported
 * @param options policy options, health checks, outlier detection, panic, slow start, zone
 */
public record BalancerContext(
    String service,
    EndpointStatsRegistry stats,
    Ticker ticker,
    RandomGenerator random,
    Timer timer,
    TelemetryListener telemetry,
    BalancingPolicy options) {

  public BalancerContext {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(timer, "timer");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(options, "options");
  }

  /** A context with {@linkplain BalancingPolicy#defaults() default options}. */
  public BalancerContext(String service, EndpointStatsRegistry stats, Ticker ticker,
      RandomGenerator random, Timer timer, TelemetryListener telemetry) {
    this(service, stats, ticker, random, timer, telemetry, BalancingPolicy.defaults());
  }

  /**
   * The process-wide executor (what production balancers were always given here).
   *
   * @deprecated balancers schedule on {@link #timer()}; this no longer reflects what the context
   *     was built with
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public ScheduledExecutorService scheduler() {
    return SharedExecutor.get();
  }

  /** A copy with other options. */
  public BalancerContext withOptions(BalancingPolicy options) {
    return new BalancerContext(service, stats, ticker, random, timer, telemetry, options);
  }
}
