package dev.switchboard.grpc.internal;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import java.util.Objects;

/**
 * Core's {@link HedgingPolicy} with its live {@link HedgeDelay}, as {@link AttemptsCall} uses
 * them: how many attempts hedging may make, the delay before the next hedge now (fixed, or the
 * destination's latency percentile), which failures send the next hedge at once, and where attempt
 * latencies are recorded. One instance per channel (destination), shared by its calls.
 * Immutable; thread-safe and lock-free (the delay's own rules).
 */
public final class HedgePlan {
  private final HedgingPolicy policy;
  private final HedgeDelay delay;

  private HedgePlan(HedgingPolicy policy, HedgeDelay delay) {
    this.policy = policy;
    this.delay = delay;
  }

  /** The plan for {@code policy} (enabled) with its live {@code delay}. */
  public static HedgePlan of(HedgingPolicy policy, HedgeDelay delay) {
    if (!Objects.requireNonNull(policy, "policy").enabled()) {
      throw new IllegalArgumentException("hedging is disabled: " + policy);
    }
    return new HedgePlan(policy, Objects.requireNonNull(delay, "delay"));
  }

  /** Attempts in all, first included (2..5). */
  int maxAttempts() {
    return policy.maxAttempts();
  }

  /** The delay before the next hedge, now. */
  long delayNanos() {
    return delay.nanos();
  }

  /** True when {@code failure} sends the next hedge at once (by default UNAVAILABLE, connect failures). */
  boolean isNonFatal(ServiceCallException failure) {
    return policy.isNonFatal(failure);
  }

  /** Records how long an attempt that was really sent ran, whatever its outcome. */
  void record(long latencyNanos) {
    delay.record(latencyNanos);
  }

  /** The live delay. */
  public HedgeDelay delay() {
    return delay;
  }

  @Override
  public String toString() {
    return "HedgePlan[" + delay + "]";
  }
}
