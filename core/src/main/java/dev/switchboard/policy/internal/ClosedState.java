package dev.switchboard.policy.internal;

import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.CircuitBreakerPolicy;

/** Closed: every call passes; outcomes fill the sliding window until the failure rate trips. */
final class ClosedState extends BreakerState {
  private final OutcomeWindow window;
  private final double threshold;
  private final int minimumCalls;

  ClosedState(BreakerMachine machine) {
    super(machine);
    CircuitBreakerPolicy c = machine.config();
    this.window = c.windowType() == CircuitBreakerPolicy.WindowType.COUNT
        ? new CountWindow(c.windowCalls())
        : new TimeWindow(machine::now, c.windowDuration());
    this.threshold = c.failureRateThreshold();
    this.minimumCalls = c.minimumCalls();
  }

  @Override
  public CircuitBreaker.State state() {
    return CircuitBreaker.State.CLOSED;
  }

  @Override
  CircuitBreaker.Permit tryAcquire(long nowNanos) {
    return this;
  }

  @Override
  public void onSuccess() {
    window.record(false);
  }

  @Override
  public void onFailure() {
    window.record(true);
    long calls = window.calls();
    long failures = window.failures();
    // Only a failure can raise the rate, so only failures need to check it.
    if (calls >= minimumCalls && failures >= threshold * calls) {
      machine.transition(this, new OpenState(machine, machine.now(),
          failures + " of the last " + calls + " calls failed"));
    }
  }

  @Override
  public void onIgnored() {}

  @Override
  String describe() {
    return window.failures() + " of the last " + window.calls() + " calls failed";
  }
}
