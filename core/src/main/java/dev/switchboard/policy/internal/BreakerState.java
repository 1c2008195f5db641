package dev.switchboard.policy.internal;

import dev.switchboard.policy.CircuitBreaker;

/**
 * One state of the circuit breaker. Each state is also the permit it grants, so a result is
 * always reported to the state that let the call through, and only that state may move the
 * machine on. Thread-safe.
 */
public abstract sealed class BreakerState implements CircuitBreaker.Permit
    permits ClosedState, OpenState, HalfOpenState {
  protected final BreakerMachine machine;

  BreakerState(BreakerMachine machine) {
    this.machine = machine;
  }

  /** The public state. */
  public abstract CircuitBreaker.State state();

  /** This state if it lets a call through now, another state's permit, or null. */
  abstract CircuitBreaker.Permit tryAcquire(long nowNanos);

  /** Nanoseconds until this state will let a trial call through (0 when it does now). */
  long probeInNanos(long nowNanos) {
    return 0;
  }

  /** Why the breaker is in this state, for error messages. */
  abstract String describe();

  /** The telemetry name: {@code closed}, {@code open}, {@code half_open}. */
  final String name() {
    return state().name().toLowerCase(java.util.Locale.ROOT);
  }
}
