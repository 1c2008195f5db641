package dev.switchboard.discovery;

import dev.switchboard.internal.SharedScheduler;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a provider may use: the shared scheduler (never block on it), a ticker, telemetry, and the
 * retry backoff bounds for failed resolutions. Immutable.
 *
 * @param scheduler the shared scheduler for refreshes and retries
 * @param ticker the time source
 * @param telemetry where discovery updates and errors are reported
 * @param initialTimeout how long {@link EndpointSource#awaitInitial} waits by default
 * @param minRetryBackoff first retry delay after a failed resolution
 * @param maxRetryBackoff retry delay cap
 */
public record DiscoveryEnvironment(
    ScheduledExecutorService scheduler,
    Ticker ticker,
    TelemetryListener telemetry,
    Duration initialTimeout,
    Duration minRetryBackoff,
    Duration maxRetryBackoff) {

  public DiscoveryEnvironment {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(initialTimeout, "initialTimeout");
    Objects.requireNonNull(minRetryBackoff, "minRetryBackoff");
    Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
    if (initialTimeout.isNegative() || initialTimeout.isZero()) {
      throw new IllegalArgumentException("initialTimeout must be > 0: " + initialTimeout);
    }
  }

  /** Shared scheduler, system ticker, no telemetry, 5 s initial timeout, 100 ms..30 s backoff. */
  public static DiscoveryEnvironment defaults() {
    return new DiscoveryEnvironment(
        SharedScheduler.get(),
        Ticker.system(),
        TelemetryListener.NOOP,
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        Duration.ofSeconds(30));
  }

  /** A copy with another telemetry listener. */
  public DiscoveryEnvironment withTelemetry(TelemetryListener telemetry) {
    return new DiscoveryEnvironment(scheduler, ticker, telemetry, initialTimeout, minRetryBackoff, maxRetryBackoff);
  }

  /** A copy with another initial-resolution timeout. */
  public DiscoveryEnvironment withInitialTimeout(Duration timeout) {
    return new DiscoveryEnvironment(scheduler, ticker, telemetry, timeout, minRetryBackoff, maxRetryBackoff);
  }
}
