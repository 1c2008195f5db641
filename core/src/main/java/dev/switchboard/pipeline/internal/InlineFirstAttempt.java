package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.time.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first attempt of a hedged blocking call, run on the caller's own thread when the transport
 * can abort such an exchange from another ({@link dev.switchboard.pipeline.Transport#abortsInline()}).
 * Why inline at all: the caller's thread would otherwise only wait while an I/O thread did the
 * work, two thread hand-offs per call (see the peer benchmark in docs/BENCHMARKS.md).
 *
 * <p>The hedge timer is armed before the exchange blocks the thread, with this object as its task.
 * It also watches the exchange for the transport: it wakes at the latest
 * {@link Attempt#INLINE_WATCH_MILLIS} ms after the start, or at the call's deadline, and if the
 * exchange still runs then it tells the transport ({@link Attempt#stillRunning()}), which only
 * then arms its own watch of the deadline and the caller's interrupt; woken before the hedge is
 * due, it sleeps again until it is. Most calls answer before it fires: the thread cancels it,
 * records the latency, and returns the answer, with one timer entry armed for the whole call, and
 * the call never builds a {@link HedgedRun} (its serial queue, its futures), which would cost about
 * 600 B per call. Otherwise a run takes over:
 * <ul>
 *   <li>the timer fires first: it hands the attempt to a new run as a placeholder future and the
 *       run sends the hedge; when the run cancels the placeholder (the hedge won, the call ended),
 *       the exchange is aborted through {@link RealCall#abortInline()}, which makes the blocked
 *       thread return; when the exchange ends first, its outcome completes the placeholder;
 *   <li>the attempt failed, or is still waiting for discovery: a new run takes it over as it is,
 *       and retries or hedges by the usual rules.
 * </ul>
 * One CAS on {@link #state} decides between the thread and the timer. Thread-safe.
 */
final class InlineFirstAttempt implements Runnable {
  private static final int RUNNING = 0;
  private static final int RETURNED = 1; // the caller's thread won: no hedge from this timer
  private static final int HANDED_OVER = 2; // the timer won: a run owns the attempt
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(InlineFirstAttempt.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(Attempt.INLINE_WATCH_MILLIS);

  private final HedgingScheduler engine;
  private final RealCall call;
  private final Request request;
  private final long startNanos;
  /** When the hedge is due, on the call's ticker. */
  private final long hedgeAtNanos;
  private volatile int state;
  /** The timer entry armed now: for the hedge, or sooner to start the exchange's own watch. */
  private volatile Timer.Timeout timeout;
  /** Set by the timer before it wins the CAS: the run and the attempt's placeholder in it. */
  private volatile HedgedRun run;
  private volatile CompletableFuture<Response> placeholder;

  private InlineFirstAttempt(HedgingScheduler engine, RealCall call, Request request, long startNanos,
      long hedgeAtNanos) {
    this.engine = engine;
    this.call = call;
    this.request = request;
    this.startNanos = startNanos;
    this.hedgeAtNanos = hedgeAtNanos;
  }

  /**
   * Sends the first attempt of {@code call} on this thread, which may block until the exchange
   * ends, and returns the call's outcome as the hedging engine decides it. On return the thread
   * may no longer run exchanges inline: a retry or hedge must never block it.
   */
  static CompletableFuture<Response> run(HedgingScheduler engine, RealCall call, Request request) {
    long now = call.ticker().nanoTime();
    long delay = engine.firstHedgeDelay(call, now);
    InlineFirstAttempt first = new InlineFirstAttempt(engine, call, request, now, now + Math.max(0, delay));
    if (delay >= 0) {
      // One timer entry for two jobs: the hedge, and, sooner if need be, telling the transport
      // that its exchange still runs (so that it watches the deadline and interrupts only then).
      // A hedge is never due after the deadline (there is no hedge timer then): this wakes first.
      long wake = Math.min(delay, WATCH_NANOS);
      first.timeout = engine.timer().schedule(first, wake, TimeUnit.NANOSECONDS);
      call.watchInline(true);
    }
    CompletableFuture<Response> sent;
    try {
      sent = engine.attempts().send(call, request, false);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    } finally {
      call.allowInlineOn(null);
      call.watchInline(false);
    }
    return first.returned(sent);
  }

  /** On the caller's thread, once the attempt's send returned. */
  private CompletableFuture<Response> returned(CompletableFuture<Response> sent) {
    if (STATE.compareAndSet(this, RUNNING, RETURNED)) {
      Timer.Timeout t = timeout;
      if (t != null) {
        t.cancel();
      }
      if (sent.isDone() && !sent.isCompletedExceptionally()) {
        engine.delay().record(call.ticker().nanoTime() - startNanos); // what a run records for a winner
        return sent;
      }
      HedgedRun takeover = engine.newRun(call, request); // failed, or waiting for discovery
      takeover.adopt(sent, startNanos, false);
      return takeover.result();
    }
    CompletableFuture<Response> stand = placeholder; // the timer handed the attempt to a run
    sent.whenComplete((response, error) -> {
      if (error == null) {
        stand.complete(response);
      } else {
        stand.completeExceptionally(error);
      }
    });
    stand.whenComplete((r, e) -> {
      if (stand.isCancelled()) {
        sent.cancel(true); // not inline after all (it waited for discovery): cancel it the usual way
      }
    });
    return run.result();
  }

  /**
   * The timer fired while the attempt still runs on the caller's thread: the transport watches
   * its exchange from now on, and the hedge goes out if it is due (else the timer waits for it).
   */
  @Override
  public void run() {
    if (state != RUNNING) {
      return;
    }
    call.inlineStillRunning();
    long untilHedge = hedgeAtNanos - call.ticker().nanoTime();
    if (untilHedge > 0) { // woke early, for the watch only
      Timer.Timeout t = engine.timer().schedule(this, untilHedge, TimeUnit.NANOSECONDS);
      timeout = t;
      if (state != RUNNING) {
        t.cancel(); // the caller's thread returned meanwhile and may have missed it
      }
      return;
    }
    CompletableFuture<Response> stand = new CompletableFuture<>();
    stand.whenComplete((r, e) -> {
      if (stand.isCancelled()) {
        call.abortInline(); // it lost, or the call ended: close its connection from here
      }
    });
    HedgedRun takeover = engine.newRun(call, request);
    placeholder = stand;
    run = takeover;
    if (STATE.compareAndSet(this, RUNNING, HANDED_OVER)) {
      takeover.adopt(stand, startNanos, true);
    }
  }
}
