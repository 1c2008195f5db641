package dev.switchboard.grpc.internal;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import java.time.Duration;

/**
 * What {@link AttemptsCall} needs from a hedging policy: how many attempts hedging may make, the
 * current delay before the next hedge, which failures send the next hedge at once, and where to
 * record attempt latencies (for an adaptive delay). One instance per channel (destination),
 * shared by its calls. Implementations are thread-safe and lock-free.
 */
public interface HedgePlan {
  /** Attempts in all, first included (2..5). */
  int maxAttempts();

  /** The delay before the next hedge, now. */
  long delayNanos();

  /** True when {@code failure} should send the next hedge at once instead of waiting. */
  boolean isNonFatal(ServiceCallException failure);

  /** Records how long an attempt that was really sent ran, whatever its outcome. */
  void record(long latencyNanos);

  /**
   * A fixed delay; connect failures and {@code UNAVAILABLE} are non-fatal (the defaults of core's
   * hedging policy).
   */
  static HedgePlan fixed(int maxAttempts, Duration delay) {
    long nanos = delay.toNanos();
    return new HedgePlan() {
      @Override
      public int maxAttempts() {
        return maxAttempts;
      }

      @Override
      public long delayNanos() {
        return nanos;
      }

      @Override
      public boolean isNonFatal(ServiceCallException failure) {
        return failure.kind() == ErrorKind.CONNECT_FAILED
            || failure instanceof StatusException s && s.status() == io.grpc.Status.Code.UNAVAILABLE.value();
      }

      @Override
      public void record(long latencyNanos) {}

      @Override
      public String toString() {
        return "HedgePlan[" + maxAttempts + " attempts, every " + delay.toMillis() + " ms]";
      }
    };
  }
}
