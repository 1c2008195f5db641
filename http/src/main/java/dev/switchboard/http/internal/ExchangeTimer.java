package dev.switchboard.http.internal;

import dev.switchboard.pipeline.Attempt;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Aborts one exchange at its attempt's deadline, whatever the exchange is doing then: connecting,
 * waiting for the head, or reading a body the server drips one byte at a time (which resets every
 * per-read socket timeout). Remembers that it fired, so the failure the abort causes is reported
 * as running out of time rather than as the broken connection it looks like.
 *
 * <p>An exchange that runs inline, blocking its caller's thread in a socket read, also needs an
 * interrupt of that thread to abort it, and a blocking socket read does not notice interrupts. So
 * {@link #watching} checks the caller's interrupt flag every {@link #INTERRUPT_CHECK_MILLIS} ms on
 * the same timer entry: an exchange that ends sooner (nearly all) costs no more than the deadline
 * timer alone, and nothing at all when the pipeline's own timer watches the attempt for it.
 * Thread-safe.
 */
public final class ExchangeTimer implements Runnable {
  /** How soon an interrupt of an inline caller aborts its exchange, at most. */
  static final long INTERRUPT_CHECK_MILLIS = Attempt.INLINE_WATCH_MILLIS; // one promise: an interrupt ends it within 50 ms
  private static final long INTERRUPT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(INTERRUPT_CHECK_MILLIS);
  private static final ExchangeTimer NONE = new ExchangeTimer(null, null, null, null);

  private final Timer timer;
  private final Deadline deadline; // null: none
  private final Thread caller; // null: not watched for interrupts
  private final Runnable abort;
  private volatile Timer.Timeout timeout;
  private volatile boolean stopped;
  private volatile boolean fired;
  private volatile boolean interrupted;

  private ExchangeTimer(Timer timer, Deadline deadline, Thread caller, Runnable abort) {
    this.timer = timer;
    this.deadline = deadline;
    this.caller = caller;
    this.abort = abort;
  }

  /** Runs {@code abort} once {@code out}'s deadline passes; a no-op timer when it has none. */
  public static ExchangeTimer start(OutboundRequest out, Runnable abort) {
    return after(out.timer(), out.deadline(), abort);
  }

  /**
   * Runs {@code abort} once {@code out}'s deadline passes or the current thread, which is about to
   * block in the exchange, is interrupted (see {@link #interrupted()}). When the pipeline watches
   * the attempt ({@link dev.switchboard.pipeline.Attempt#onStillRunning}), this timer arms only
   * when the pipeline says the exchange still runs, and looks at the deadline and the interrupt
   * flag then: an exchange that ends sooner never touches the timer wheel. Otherwise it arms now.
   */
  public static ExchangeTimer watching(OutboundRequest out, Runnable abort) {
    ExchangeTimer t = new ExchangeTimer(out.timer(), out.deadline(), Thread.currentThread(), abort);
    if (!out.attempt().onStillRunning(t)) {
      t.arm();
    }
    return t;
  }

  /**
   * Runs {@code abort} on {@code timer} (the client's: the deadline is on its ticker) once
   * {@code deadline} passes; a no-op timer for a null deadline.
   */
  public static ExchangeTimer after(Timer timer, Deadline deadline, Runnable abort) {
    if (deadline == null) {
      return NONE;
    }
    ExchangeTimer t = new ExchangeTimer(timer, deadline, null, abort);
    t.arm();
    return t;
  }

  private void arm() {
    long remaining = deadline == null ? Long.MAX_VALUE : deadline.remainingNanos();
    long delay = caller == null ? remaining : Math.min(remaining, INTERRUPT_CHECK_NANOS);
    timeout = timer.schedule(this, Math.max(0, delay), TimeUnit.NANOSECONDS);
    if (stopped) {
      timeout.cancel(); // cancel() ran while this was being armed
    }
  }

  /**
   * The timer fired, or the pipeline said the exchange still runs: the deadline passed, or it is
   * time to look at the caller's interrupt flag.
   */
  @Override
  public void run() {
    if (stopped) {
      return;
    }
    if (caller != null && caller.isInterrupted()) {
      interrupted = true;
      abort.run();
    } else if (deadline != null && deadline.remainingNanos() <= 0) {
      fired = true;
      abort.run();
    } else {
      arm(); // an inline exchange still running: look again
    }
  }

  /** True once the deadline passed and the abort ran (or is running). */
  public boolean fired() {
    return fired;
  }

  /** True once the watched caller was found interrupted and the abort ran (or is running). */
  public boolean interrupted() {
    return interrupted;
  }

  /** Stops the timer; the exchange ended first. */
  public void cancel() {
    stopped = true;
    Timer.Timeout t = timeout;
    if (t != null) {
      t.cancel();
    }
  }
}
