package dev.switchboard.policy.internal;

import dev.switchboard.policy.CircuitBreaker;

/** Open: every call fails fast until {@code openDuration} has passed; then the next call probes. */
final class OpenState extends BreakerState {
  private final long probeAtNanos;
  private final String reason;

  OpenState(BreakerMachine machine, long openedAtNanos, String reason) {
    super(machine);
    this.probeAtNanos = openedAtNanos + machine.config().openDuration().toNanos();
    this.reason = reason;
  }

  @Override
  public CircuitBreaker.State state() {
    return CircuitBreaker.State.OPEN;
  }

  @Override
  CircuitBreaker.Permit tryAcquire(long nowNanos) {
    if (nowNanos - probeAtNanos < 0) {
      return null;
    }
    machine.transition(this, new HalfOpenState(machine)); // losing the race is fine: someone moved it
    BreakerState next = machine.current();
    return next == this ? null : next.tryAcquire(nowNanos);
  }

  @Override
  long probeInNanos(long nowNanos) {
    return probeAtNanos - nowNanos;
  }

  // An open breaker grants no permits, so these are never called for it.
  @Override
  public void onSuccess() {}

  @Override
  public void onFailure() {}

  @Override
  public void onIgnored() {}

  @Override
  String describe() {
    return reason;
  }
}
