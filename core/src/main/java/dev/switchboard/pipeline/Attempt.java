package dev.switchboard.pipeline;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Deadline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of a call against one endpoint: what a {@link Transport} needs to send it. The
 * transport writes the wire headers from it (correlation id, a child {@code traceparent} with a
 * new span per attempt, the remaining time from {@link #deadline()}, the attempt number, the hedge
 * flag). Per-attempt facts live here and nowhere else (not on the request, not on the call).
 *
 * <p>Immutable, except for the abort and watch hooks of an exchange that runs inline
 * ({@link #onAbort}, {@link #abort()}, {@link #onStillRunning}, {@link #stillRunning()}): thread-safe.
 */
public final class Attempt {
  /** The hook once {@link #abort()} ran: no other is accepted after it. */
  private static final Runnable ABORTED = () -> { };
  /** The watch hook once {@link #stillRunning()} ran: a transport registering later watches at once. */
  private static final Runnable LATE = () -> { };
  private static final VarHandle ABORT;
  private static final VarHandle WATCH;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ABORT = lookup.findVarHandle(Attempt.class, "abortHook", Runnable.class);
      WATCH = lookup.findVarHandle(Attempt.class, "watchHook", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The latest a pipeline that {@linkplain #onStillRunning watches} an inline exchange tells its
   * transport that the exchange is still running, in milliseconds after the attempt started (or
   * at the attempt's deadline, if that comes first).
   */
  public static final long INLINE_WATCH_MILLIS = 50;

  private final Call call;
  private final int number;
  private final boolean hedge;
  private final Endpoint endpoint;
  private final CallContext context;
  private final boolean mayRunInline;
  private final boolean watchedInline;
  /** What aborts this attempt's inline exchange, {@link #ABORTED}, or null. One field, one CAS. */
  private volatile Runnable abortHook;
  /** What starts the transport's own watch of its inline exchange, {@link #LATE}, or null. */
  private volatile Runnable watchHook;

  /**
   * @param call the call this attempt belongs to
   * @param number 1 for the first attempt
   * @param hedge true for a hedged attempt
   * @param endpoint where it goes
   * @param context the outbound context: the call's ids with this attempt's child span, and this
   *     attempt's deadline
   * @param mayRunInline see {@link #mayRunInline()}
   */
  public Attempt(Call call, int number, boolean hedge, Endpoint endpoint, CallContext context, boolean mayRunInline) {
    this(call, number, hedge, endpoint, context, mayRunInline, false);
  }

  /**
   * @param call the call this attempt belongs to
   * @param number 1 for the first attempt
   * @param hedge true for a hedged attempt
   * @param endpoint where it goes
   * @param context the outbound context: the call's ids with this attempt's child span, and this
   *     attempt's deadline
   * @param mayRunInline see {@link #mayRunInline()}
   * @param watchedInline true when the pipeline calls {@link #stillRunning()} for this attempt's
   *     inline exchange (see {@link #onStillRunning}); only meaningful with {@code mayRunInline}
   */
  public Attempt(Call call, int number, boolean hedge, Endpoint endpoint, CallContext context, boolean mayRunInline,
      boolean watchedInline) {
    this.call = Objects.requireNonNull(call, "call");
    this.number = number;
    this.hedge = hedge;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.context = Objects.requireNonNull(context, "context");
    this.mayRunInline = mayRunInline;
    this.watchedInline = mayRunInline && watchedInline;
  }

  /**
   * An attempt that may not run inline.
   *
   * @deprecated the pipeline builds attempts; use the six-argument constructor in tests
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public Attempt(Call call, int number, boolean hedge, Endpoint endpoint, CallContext context) {
    this(call, number, hedge, endpoint, context, false);
  }

  /** The call this attempt belongs to. */
  public Call call() {
    return call;
  }

  /** 1 for the first attempt, counting retries and hedges of the same call. */
  public int number() {
    return number;
  }

  /** True for a hedge: an extra copy sent while an earlier attempt may still answer. */
  public boolean hedge() {
    return hedge;
  }

  /** Where this attempt goes. */
  public Endpoint endpoint() {
    return endpoint;
  }

  /** The outbound context: the call's correlation id and trace, with this attempt's child span. */
  public CallContext context() {
    return context;
  }

  /**
   * This attempt's own deadline: the call's, or earlier under a per-attempt timeout. The
   * transport gives up at it and sends the time that remains of it downstream.
   */
  public Optional<Deadline> deadline() {
    Optional<Deadline> own = context.deadline(); // built on demand: most transports ask once, a no-op never
    return own.isPresent() ? own : call.deadline();
  }

  /**
   * True when the transport may run this attempt's exchange on the thread that calls
   * {@link Transport#send}, blocking it until the response is in, instead of handing it to an I/O
   * thread. The pipeline allows it only while a blocking caller's own thread, which would
   * otherwise just wait, is inside the call's synchronous part (its first attempt, and for a call
   * that is not hedged a retry sent at once); for a call that may be hedged, only its first
   * attempt and only when the transport {@linkplain Transport#abortsInline() aborts inline
   * exchanges} (a losing attempt must stay abortable from another thread). Never for a hedge. A
   * transport that runs inline must still end the exchange at {@link #deadline()}, abort it when
   * the calling thread is interrupted, and, if it declares {@code abortsInline}, register its abort
   * with {@link #onAbort} before it blocks. Only meaningful during that {@code send} call.
   */
  public boolean mayRunInline() {
    return mayRunInline;
  }

  /**
   * For a transport running this attempt inline: registers how another thread aborts the
   * exchange (closes its connection, so the server sees it). The pipeline runs {@code abort} at
   * most once, from a timer, I/O or caller thread, when the attempt must end while the exchange
   * still blocks the calling thread: a hedge won, the call failed or was cancelled. It may run
   * just as the exchange ends by itself, so it must be harmless then; the exchange should then
   * fail as cancelled. Register before blocking; one hook per attempt (a second replaces the first).
   *
   * @return false when the attempt was aborted already: {@code abort} has then run, on this
   *     thread, and the transport should fail the attempt as cancelled without sending it
   */
  public boolean onAbort(Runnable abort) {
    Objects.requireNonNull(abort, "abort");
    while (true) {
      Runnable current = abortHook;
      if (current == ABORTED) {
        abort.run();
        return false;
      }
      if (ABORT.compareAndSet(this, current, abort)) {
        return true;
      }
    }
  }

  /**
   * For a transport running this attempt inline: registers {@code watch}, which starts the
   * transport's own watch of the exchange (the attempt's deadline and the calling thread's
   * interrupt), to run only once the exchange has lasted a while. An exchange that ends sooner,
   * nearly all of them, then arms no timer of its own: the pipeline's hedge timer, armed anyway,
   * does the waiting. When the pipeline watches this attempt, it runs {@code watch} at most once,
   * from a timer thread, at the latest {@link #INLINE_WATCH_MILLIS} ms after the attempt started
   * or at the attempt's deadline, whichever is first, if the exchange may still be running.
   * {@code watch} must then look at the deadline and the interrupt flag at once, and keep
   * watching until the exchange ends. It may run just as the exchange ends, so it must be harmless
   * then. Register before blocking; one hook per attempt.
   *
   * @return true when the pipeline will run {@code watch} when it is time; false when it does not
   *     watch this attempt, or that time came already: the transport must start its watch itself,
   *     now
   */
  public boolean onStillRunning(Runnable watch) {
    Objects.requireNonNull(watch, "watch");
    return watchedInline && WATCH.compareAndSet(this, null, watch);
  }

  /**
   * The pipeline: this attempt's inline exchange has run long enough to need its transport's own
   * watch: runs the hook registered with {@link #onStillRunning} if there is one, and makes any
   * later registration fail (so its transport watches at once). Idempotent; any thread.
   */
  public void stillRunning() {
    Runnable hook = (Runnable) WATCH.getAndSet(this, LATE);
    if (hook != null && hook != LATE) {
      hook.run();
    }
  }

  /**
   * Aborts this attempt's inline exchange through the hook its transport {@linkplain #onAbort
   * registered}, now or, if none is registered yet, as soon as one is. The pipeline calls it; a
   * no-op for an attempt that does not run inline. Idempotent; any thread.
   */
  public void abort() {
    Runnable hook = (Runnable) ABORT.getAndSet(this, ABORTED);
    if (hook != null && hook != ABORTED) {
      hook.run();
    }
  }

  @Override
  public String toString() {
    return "Attempt[" + number + (hedge ? " hedge" : "") + " -> " + endpoint.address() + "]";
  }
}
