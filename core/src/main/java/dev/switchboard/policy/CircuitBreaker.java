package dev.switchboard.policy;

import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.policy.internal.BreakerMachine;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.util.Objects;

/**
 * One destination's circuit breaker, created by {@link #create}: an explicit state machine with
 * one class per state (closed, open, half-open; the implementation is internal).
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
public interface CircuitBreaker {
  /** The breaker's states. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /**
   * Permission for one call, granted by {@link #tryAcquire()}. Report exactly one outcome: a
   * server fault, a success (which includes 4xx answers), or "ignored" (cancelled, refused
   * locally) which frees a half-open trial slot without judging the destination.
   */
  interface Permit {
    void onSuccess();

    void onFailure();

    void onIgnored();
  }

  /**
   * A closed breaker for {@code service}.
   *
   * @throws IllegalArgumentException if {@code policy} is {@linkplain CircuitBreakerPolicy#disabled() disabled}
   */
  static CircuitBreaker create(
      CircuitBreakerPolicy policy, String service, Ticker ticker, TelemetryListener telemetry) {
    Objects.requireNonNull(policy, "policy");
    if (!policy.enabled()) {
      throw new IllegalArgumentException("circuit breaker policy is disabled");
    }
    return new BreakerMachine(policy, Objects.requireNonNull(service, "service"),
        Objects.requireNonNull(ticker, "ticker"), Objects.requireNonNull(telemetry, "telemetry"));
  }

  /** The policy it runs. */
  CircuitBreakerPolicy config();

  /** The current state (moves from open to half-open only when a call asks). */
  State state();

  /** A permit for one call, or null when the breaker refuses it (open, or half-open and full). */
  Permit tryAcquire();

  /** The {@code CIRCUIT_OPEN} error for a refused call: why, and when the next probe happens. */
  RejectedCallException openError();
}
