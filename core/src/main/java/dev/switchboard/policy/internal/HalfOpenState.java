package dev.switchboard.policy.internal;

import dev.switchboard.policy.CircuitBreaker;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Half-open: {@code halfOpenCalls} trial calls pass. One failure reopens the breaker; when every
 * trial has succeeded it closes with a fresh window. An ignored trial frees its slot.
 */
final class HalfOpenState extends BreakerState {
  private final int trials;
  private final AtomicInteger slots;
  private final AtomicInteger successes = new AtomicInteger();

  HalfOpenState(BreakerMachine machine) {
    super(machine);
    this.trials = machine.config().halfOpenCalls();
    this.slots = new AtomicInteger(trials);
  }

  @Override
  public CircuitBreaker.State state() {
    return CircuitBreaker.State.HALF_OPEN;
  }

  @Override
  CircuitBreaker.Permit tryAcquire(long nowNanos) {
    while (true) {
      int s = slots.get();
      if (s <= 0) {
        return null;
      }
      if (slots.compareAndSet(s, s - 1)) {
        return this;
      }
    }
  }

  @Override
  public void onSuccess() {
    if (successes.incrementAndGet() >= trials) {
      machine.transition(this, new ClosedState(machine));
    }
  }

  @Override
  public void onFailure() {
    machine.transition(this, new OpenState(machine, machine.now(), "a trial call failed while half-open"));
  }

  @Override
  public void onIgnored() {
    slots.incrementAndGet();
  }

  @Override
  String describe() {
    return successes.get() + " of " + trials + " trial calls succeeded, the rest are in flight";
  }
}
