package dev.switchboard.discovery;

import dev.switchboard.spi.SharedExecutor;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a provider may use: a timer for everything timed (refreshes at the TTL, retry backoffs,
 * probes), an executor for work that must leave a callback thread, a ticker, telemetry, and the
 * retry backoff bounds for failed resolutions. Immutable.
 *
 * @param scheduler an executor for work a provider must move off a client library's callback
 *     thread (never block on it); use {@code timer} for anything that waits for time to pass
 * @param timer runs timed work: refreshes, retries, probes, TTL expiry
 * @param ticker the time source
 * @param telemetry where discovery updates and errors are reported
 * @param initialTimeout how long {@link EndpointSource#awaitInitial} waits by default
 * @param minRetryBackoff first retry delay after a failed resolution
 * @param maxRetryBackoff retry delay cap
 */
public record DiscoveryEnvironment(
    ScheduledExecutorService scheduler,
    Timer timer,
    Ticker ticker,
    TelemetryListener telemetry,
    Duration initialTimeout,
    Duration minRetryBackoff,
    Duration maxRetryBackoff) {

  public DiscoveryEnvironment {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(timer, "timer");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(initialTimeout, "initialTimeout");
    Objects.requireNonNull(minRetryBackoff, "minRetryBackoff");
    Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
    if (initialTimeout.isNegative() || initialTimeout.isZero()) {
      throw new IllegalArgumentException("initialTimeout must be > 0: " + initialTimeout);
    }
  }

  /**
   * An environment whose timer schedules on {@code scheduler} ({@link Timer#of}).
   *
   * @deprecated pass a {@link Timer} too; a fake scheduler from {@code switchboard-testing} is
   *     both, so tests pass it twice
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public DiscoveryEnvironment(ScheduledExecutorService scheduler, Ticker ticker, TelemetryListener telemetry,
      Duration initialTimeout, Duration minRetryBackoff, Duration maxRetryBackoff) {
    this(scheduler, Timer.of(scheduler), ticker, telemetry, initialTimeout, minRetryBackoff, maxRetryBackoff);
  }

  /**
   * The shared executor, the system timer and ticker, no telemetry, 5 s initial timeout,
   * 100 ms..30 s backoff.
   */
  public static DiscoveryEnvironment defaults() {
    return new DiscoveryEnvironment(
        SharedExecutor.get(),
        Timer.system(),
        Ticker.system(),
        TelemetryListener.NOOP,
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        Duration.ofSeconds(30));
  }

  /** A copy with another telemetry listener. */
  public DiscoveryEnvironment withTelemetry(TelemetryListener telemetry) {
    return new DiscoveryEnvironment(scheduler, timer, ticker, telemetry, initialTimeout, minRetryBackoff, maxRetryBackoff);
  }

  /** A copy with another initial-resolution timeout. */
  public DiscoveryEnvironment withInitialTimeout(Duration timeout) {
    return new DiscoveryEnvironment(scheduler, timer, ticker, telemetry, timeout, minRetryBackoff, maxRetryBackoff);
  }

  /** A copy whose timed work runs on {@code timer} and reads {@code ticker} (a fake clock in tests). */
  public DiscoveryEnvironment withClock(Timer timer, Ticker ticker) {
    return new DiscoveryEnvironment(scheduler, timer, ticker, telemetry, initialTimeout, minRetryBackoff, maxRetryBackoff);
  }
}
