package dev.switchboard.time;

import dev.switchboard.time.internal.DeadlineTimer;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once, after a delay: the one time handle of Switchboard. Call deadlines,
 * per-attempt timeouts, retry backoffs, hedge delays, concurrency-limit waits, balancer timers
 * (outlier intervals, readmissions, health checks) and discovery refreshes all go through a
 * {@code Timer}, so a test that injects a fake one (the {@code FakeScheduler} of
 * {@code switchboard-testing}) drives every one of them on the same code path production runs.
 *
 * <p>Production uses {@link #system()}: a hashed timing wheel on {@link Ticker#system()} where
 * scheduling and cancelling are one CAS each, because nearly every timer Switchboard arms (a
 * deadline, a hedge delay) is cancelled by the answer long before it fires.
 *
 * <p><b>Contract:</b> a task never runs before its delay has passed on the timer's clock and may
 * run a little later (the system wheel: at most about 1 ms). Tasks run on a timer thread, not on
 * the caller's: they must be short and must not block; hand blocking work to an executor.
 * Implementations are thread-safe: schedule and cancel from any thread.
 *
 * <pre>{@code
 * Timer.Timeout t = timer.schedule(() -> result.completeExceptionally(timeoutError), 200, MILLISECONDS);
 * ...
 * t.cancel(); // the answer came first
 * }</pre>
 */
@FunctionalInterface
public interface Timer {
  /**
   * Runs {@code task} once, {@code delay} from now (a delay of zero or less runs it as soon as
   * possible, still on a timer thread).
   *
   * @return a handle that cancels the task
   * @throws java.util.concurrent.RejectedExecutionException if the timer was shut down (only a
   *     timer {@linkplain #of adapted} from an executor can be)
   */
  Timeout schedule(Runnable task, long delay, TimeUnit unit);

  /** A scheduled task. Thread-safe. */
  @FunctionalInterface
  interface Timeout {
    /** Cancels the task; true if it had not run (and now never will). */
    boolean cancel();
  }

  /** The process-wide timing wheel on {@link Ticker#system()}. Never stop it. */
  static Timer system() {
    return DeadlineTimer.shared();
  }

  /**
   * A timer that schedules on {@code scheduler}: for callers that already own a scheduled
   * executor. Each task takes the executor's own scheduling cost (a lock and a heap operation in
   * a {@code ScheduledThreadPoolExecutor}), so prefer {@link #system()} on hot paths.
   */
  static Timer of(ScheduledExecutorService scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (scheduler instanceof Timer t) {
      return t; // e.g. the testing module's FakeScheduler, which is both
    }
    return (task, delay, unit) -> {
      ScheduledFuture<?> f = scheduler.schedule(task, delay, unit);
      return () -> f.cancel(false);
    };
  }
}
