package dev.switchboard.policy;

import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.policy.internal.BreakerMachine;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.util.Objects;

/**
 * One destination's circuit breaker: an explicit state machine with one class per state
 * ({@code ClosedState}, {@code OpenState}, {@code HalfOpenState} in the internal package).
 *
 * <ul>
 *   <li><b>Closed:</b> every call passes; outcomes go into a sliding window. Once the window holds
 *       {@code minimumCalls} and the server-fault rate reaches the threshold, it opens.
 *   <li><b>Open:</b> calls fail fast with {@code CIRCUIT_OPEN}, whose {@code retryAfter()} says
 *       when the breaker will probe. After {@code openDuration} the next call moves it to
 *       half-open.
 *   <li><b>Half-open:</b> {@code halfOpenCalls} trial calls pass; the others fail fast. One failed
 *       trial reopens it; when all trials succeed it closes with a fresh window.
 * </ul>
 *
 * Every transition is reported through {@link TelemetryListener#onBreakerTransition} with the
 * state names {@code closed}, {@code open} and {@code half_open}.
 *
 * <p><b>Threading:</b> lock-free; the state is one atomic reference and transitions are CAS, so
 * a permit only ever moves the state it was granted in (a late result from an old state is
 * ignored). Call from any thread.
 */
public final class CircuitBreaker {
  /** The breaker's states. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /**
   * Permission for one call, granted by {@link #tryAcquire()}. Report exactly one outcome: a
   * server fault, a success (which includes 4xx answers), or "ignored" (cancelled, refused
   * locally) which frees a half-open trial slot without judging the destination.
   */
  public interface Permit {
    void onSuccess();

    void onFailure();

    void onIgnored();
  }

  private final BreakerMachine machine;

  private CircuitBreaker(BreakerMachine machine) {
    this.machine = machine;
  }

  /**
   * A closed breaker for {@code service}.
   *
   * @throws IllegalArgumentException if {@code config} is {@linkplain CircuitBreakerConfig#disabled() disabled}
   */
  public static CircuitBreaker create(
      CircuitBreakerConfig config, String service, Ticker ticker, TelemetryListener telemetry) {
    Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      throw new IllegalArgumentException("circuit breaker config is disabled");
    }
    return new CircuitBreaker(new BreakerMachine(config, Objects.requireNonNull(service, "service"),
        Objects.requireNonNull(ticker, "ticker"), Objects.requireNonNull(telemetry, "telemetry")));
  }

  /** The configuration. */
  public CircuitBreakerConfig config() {
    return machine.config();
  }

  /** The current state (moves from open to half-open only when a call asks). */
  public State state() {
    return machine.current().state();
  }

  /** A permit for one call, or null when the breaker refuses it (open, or half-open and full). */
  public Permit tryAcquire() {
    return machine.tryAcquire();
  }

  /** The {@code CIRCUIT_OPEN} error for a refused call: why, and when the next probe happens. */
  public RejectedCallException openError() {
    return machine.openError();
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + machine.service() + ", " + state() + "]";
  }
}
