package dev.switchboard.http.internal;

import dev.switchboard.time.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Aborts one exchange at its attempt's deadline, whatever the exchange is doing then: connecting,
 * waiting for the head, or reading a body the server drips one byte at a time (which resets every
 * per-read socket timeout). Remembers that it fired, so the failure the abort causes is reported
 * as running out of time rather than as the broken connection it looks like. Thread-safe.
 */
public final class ExchangeTimer {
  private static final ExchangeTimer NONE = new ExchangeTimer();

  private final Timer.Timeout timeout;
  private volatile boolean fired;

  private ExchangeTimer() {
    this.timeout = null;
  }

  private ExchangeTimer(Timer timer, Runnable abort, long delayNanos) {
    this.timeout = timer.schedule(() -> {
      fired = true;
      abort.run();
    }, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Runs {@code abort} once {@code out}'s deadline passes; a no-op timer when it has none. */
  public static ExchangeTimer start(OutboundRequest out, Runnable abort) {
    return after(out.timer(), out.remainingNanos(), abort);
  }

  /**
   * Runs {@code abort} on {@code timer} (the client's: the deadline is on its ticker) after
   * {@code remainingNanos}; a no-op timer for {@code Long.MAX_VALUE}.
   */
  public static ExchangeTimer after(Timer timer, long remainingNanos, Runnable abort) {
    return remainingNanos == Long.MAX_VALUE ? NONE : new ExchangeTimer(timer, abort, remainingNanos);
  }

  /** True once the deadline passed and the abort ran (or is running). */
  public boolean fired() {
    return fired;
  }

  /** Stops the timer; the exchange ended first. */
  public void cancel() {
    if (timeout != null) {
      timeout.cancel();
    }
  }
}
