package dev.switchboard.policy.internal;

import dev.switchboard.internal.DeadlineTimer;
import dev.switchboard.pipeline.Call;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the hedging engine's timers (hedge delays, backoffs) run. Production uses the shared
 * timing wheel: nearly every hedge timer is cancelled because the answer came first, and the
 * wheel makes scheduling and cancelling one CAS each (at most about 1 ms late, never early).
 * Tests use the call's own scheduler, which a fake clock can drive. Implementations are
 * thread-safe.
 */
@FunctionalInterface
interface EngineTimers {
  /** The shared timing wheel ({@link DeadlineTimer}). */
  EngineTimers WHEEL = (call, task, delayNanos) -> {
    DeadlineTimer.Timeout t = DeadlineTimer.shared().schedule(task, delayNanos);
    return t::cancel;
  };

  /** {@link Call#scheduler()}: deterministic under a fake scheduler. */
  EngineTimers CALL_SCHEDULER = (call, task, delayNanos) -> {
    ScheduledFuture<?> f = call.scheduler().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  };

  /** Runs {@code task} after {@code delayNanos}; the returned action cancels it. */
  Runnable schedule(Call call, Runnable task, long delayNanos);
}
