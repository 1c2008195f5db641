package dev.switchboard.pipeline.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CallTracer;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CallDetails;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Request;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one implementation of {@link Call}: the read-only view filters get, plus the engine state
 * only the pipeline touches. The attempt counter, the endpoints tried, the attempts in flight (so
 * they are cancelled when the call ends) and the permission for a blocking caller's thread to run
 * an exchange inline.
 *
 * <p><b>Threading:</b> lock-free and thread-safe: attempts start on caller, transport and timer
 * threads concurrently (hedges).
 */
public final class RealCall implements Call {
  private final String service;
  private final Request request;
  private final CallOptions options;
  private final Ticker ticker;
  private final long startNanos;
  /** The call's whole time from its start (deadline − start), or 0 without a deadline. */
  private final long timeNanos;
  private final Deadline deadline;
  private final CallContext context;
  private final CallInfo info;
  private final AtomicInteger attempts = new AtomicInteger();
  /** Immutable list swapped by CAS: attempts are few, reads (every pick) are many. */
  private final AtomicReference<List<Endpoint>> tried = new AtomicReference<>(List.of());
  /** Created by the first attempt that is still running when it is tracked: inline calls need none. */
  private volatile ConcurrentLinkedQueue<CompletableFuture<?>> inFlight;
  private volatile Endpoint lastEndpoint;
  private volatile Thread inlineThread;
  /** Caller's thread only: a timer will tell the inline attempt when to watch its exchange. */
  private boolean inlineWatched;
  /** Set once that timer found the inline attempt still running (or not yet started). */
  private volatile boolean inlineLate;
  /** The attempt running inline on the caller's thread, {@link #INLINE_ABORTED}, or null. */
  private volatile Object inlineAttempt;
  private static final Object INLINE_ABORTED = new Object();
  private static final VarHandle INLINE;
  private static final VarHandle IN_FLIGHT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      INLINE = lookup.findVarHandle(RealCall.class, "inlineAttempt", Object.class);
      IN_FLIGHT = lookup.findVarHandle(RealCall.class, "inFlight", ConcurrentLinkedQueue.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private volatile boolean finished;
  /** Attempts started at or before this ticker reading were judged stuck (they lost to a faster one). */
  private volatile long stuckCutoffNanos = Long.MIN_VALUE;
  /** The tracer's handle of this call, or null when ids are minted by the pipeline itself. */
  private final CallTracer.Span trace;
  private final java.util.concurrent.atomic.AtomicBoolean traceEnded; // null without a trace
  /** The attempt whose outcome decided the call (its losers are cancelled), or 0. */
  private volatile int decidedBy;
  /** Run once when the first attempt gets its number ({@link #onFirstAttempt}); {@link #RAN} after. */
  private final AtomicReference<Runnable> firstAttemptHook = new AtomicReference<>();
  private static final Runnable RAN = () -> {};

  /**
   * @param deadline the effective deadline, or null for none
   * @param context the outbound context (correlation id and trace guaranteed present)
   */
  public RealCall(String service, Request request, CallOptions options, Ticker ticker, Deadline deadline,
      CallContext context) {
    this(service, request, options, ticker, deadline, context,
        info(service, request, context.correlationId().orElse("-"), CallInfo.HTTP), null);
  }

  /**
   * @param info the call as telemetry names it ({@link #info(String, Request, String, String)})
   * @param trace the tracer's handle of this call, or null
   */
  public RealCall(String service, Request request, CallOptions options, Ticker ticker, Deadline deadline,
      CallContext context, CallInfo info, CallTracer.Span trace) {
    this(service, request, options, ticker, ticker.nanoTime(), deadline, context, info, trace);
  }

  /** The same, starting at {@code startNanos}, a reading of {@code ticker} the caller just took. */
  public RealCall(String service, Request request, CallOptions options, Ticker ticker, long startNanos,
      Deadline deadline, CallContext context, CallInfo info, CallTracer.Span trace) {
    this.service = Objects.requireNonNull(service, "service");
    this.request = Objects.requireNonNull(request, "request");
    this.options = Objects.requireNonNull(options, "options");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.startNanos = startNanos;
    this.deadline = deadline;
    this.timeNanos = deadline == null ? 0 : Math.max(0, deadline.remainingNanos(ticker, startNanos));
    this.context = Objects.requireNonNull(context, "context");
    this.info = Objects.requireNonNull(info, "info");
    this.trace = trace;
    this.traceEnded = trace == null ? null : new java.util.concurrent.atomic.AtomicBoolean();
  }

  /**
   * The telemetry identity of a call: the request's path template, or for gRPC the method's full
   * name (already a template), else the fixed placeholder; never the raw path.
   */
  public static CallInfo info(String service, Request request, String correlationId, String protocol) {
    String path = request.pathWithoutQuery();
    String template = request.pathTemplate() != null ? request.pathTemplate()
        : CallInfo.GRPC.equals(protocol) ? path : CallInfo.UNKNOWN_TEMPLATE;
    return new CallInfo(service, request.method(), path, correlationId, template, protocol);
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public Request request() {
    return request;
  }

  @Override
  public CallOptions options() {
    return options;
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public Optional<Deadline> deadline() {
    return Optional.ofNullable(deadline); // the shared empty Optional when there is none
  }

  /** The deadline, or null. */
  public Deadline deadlineOrNull() {
    return deadline;
  }

  @Override
  public long remainingNanos() {
    return deadline == null ? Long.MAX_VALUE : deadline.remainingNanos();
  }

  /** {@link #remainingNanos()} as of {@code nowNanos}, a reading of this call's ticker. */
  public long remainingNanos(long nowNanos) {
    return deadline == null ? Long.MAX_VALUE : deadline.remainingNanos(ticker, nowNanos);
  }

  @Override
  public CallContext context() {
    return context;
  }

  @Override
  public CallInfo info() {
    return info;
  }

  @Override
  public Duration elapsed() {
    return Duration.ofNanos(ticker.nanoTime() - startNanos);
  }

  @Override
  public int attempts() {
    return attempts.get();
  }

  @Override
  public List<Endpoint> tried() {
    return tried.get();
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public CallDetails details() {
    Endpoint last = lastEndpoint;
    return new CallDetails(service, request.method(), request.pathWithoutQuery(),
        last == null ? "-" : last.address(), attempts.get(), elapsed(),
        context.correlationId().orElse("-"));
  }

  // ---- engine state: public for the pipeline's packages only; filters see Call, never this class

  /** The tracer's handle of this call, or null when the pipeline mints trace ids itself. */
  public CallTracer.Span trace() {
    return trace;
  }

  /** True for the one caller that gets to end {@link #trace()}; false without a trace or once claimed. */
  public boolean claimTraceEnd() {
    return traceEnded != null && traceEnded.compareAndSet(false, true);
  }

  /** Records that attempt {@code number} decided the call: attempts cancelled after it lost the race. */
  public void decidedBy(int number) {
    if (decidedBy == 0) {
      decidedBy = number;
    }
  }

  /** The attempt that decided the call, or 0. */
  public int decidedBy() {
    return decidedBy;
  }

  /** Reserves the next attempt number (1-based). */
  public int nextAttemptNumber() {
    int n = attempts.incrementAndGet();
    if (n == 1) {
      Runnable hook = firstAttemptHook.getAndSet(RAN);
      if (hook != null && hook != RAN) {
        hook.run();
      }
    }
    return n;
  }

  /**
   * Runs {@code hook} once, when the first attempt is numbered (it is about to be sent), or at once
   * if that already happened. For an engine whose first attempt waits for discovery: its hedge
   * timer must count from the moment the attempt really goes out. One hook per call; it must not
   * block (it runs on the thread sending the attempt).
   */
  public void onFirstAttempt(Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    if (!firstAttemptHook.compareAndSet(null, hook)) {
      if (firstAttemptHook.get() == RAN) {
        hook.run();
        return;
      }
      throw new IllegalStateException("a first-attempt hook is already set");
    }
    if (attempts.get() > 0 && firstAttemptHook.compareAndSet(hook, RAN)) {
      hook.run(); // the attempt was numbered between the check and the set
    }
  }

  /** Records that an attempt went to {@code endpoint} (once per address). Lock-free. */
  public void recordTried(Endpoint endpoint) {
    lastEndpoint = endpoint;
    while (true) {
      List<Endpoint> current = tried.get();
      if (current.isEmpty()) { // the first attempt: no copy
        if (tried.compareAndSet(current, List.of(endpoint))) {
          return;
        }
        continue;
      }
      for (Endpoint e : current) {
        if (e.sameAddress(endpoint)) {
          return;
        }
      }
      Endpoint[] next = current.toArray(new Endpoint[current.size() + 1]);
      next[current.size()] = endpoint;
      if (tried.compareAndSet(current, List.of(next))) {
        return;
      }
    }
  }

  /** Registers an in-flight attempt so it is cancelled if the call ends first. */
  public void trackInFlight(CompletableFuture<?> attempt) {
    if (attempt.isDone()) {
      return; // nothing left to cancel: an inline exchange returns its answer already complete
    }
    if (finished) {
      attempt.cancel(true);
      return;
    }
    ConcurrentLinkedQueue<CompletableFuture<?>> queue = inFlight;
    if (queue == null) {
      IN_FLIGHT.compareAndSet(this, null, new ConcurrentLinkedQueue<CompletableFuture<?>>());
      queue = inFlight;
    }
    queue.add(attempt);
    ConcurrentLinkedQueue<CompletableFuture<?>> tracked = queue;
    attempt.whenComplete((r, e) -> tracked.remove(attempt));
    if (finished && queue.remove(attempt)) {
      attempt.cancel(true); // finish() ran between the check and the add
    }
  }

  /** The call's whole time (its deadline minus its start), or 0 when it has no deadline. */
  public long timeNanos() {
    return timeNanos;
  }

  /**
   * Judges every attempt sent at or before {@code cutoffNanos} (a ticker reading) stuck, before the
   * losers are cancelled: they ran longer than the attempt that beat them plus the hedge delay, so
   * their endpoints are held responsible (see {@link AttemptJudge}). By send time rather than by
   * attempt number, since an attempt that waited for discovery gets its number only when it is sent.
   */
  public void judgeStuckSentBy(long cutoffNanos) {
    stuckCutoffNanos = Math.max(stuckCutoffNanos, cutoffNanos);
  }

  /** True when an attempt sent at {@code sentNanos} was judged stuck by {@link #judgeStuckSentBy}. */
  public boolean judgedStuck(long sentNanos) {
    return sentNanos <= stuckCutoffNanos;
  }

  /** Marks the call finished and cancels every attempt still in flight, an inline one included. */
  public void finish() {
    finished = true;
    ConcurrentLinkedQueue<CompletableFuture<?>> queue = inFlight; // read after the write above
    CompletableFuture<?> f;
    while (queue != null && (f = queue.poll()) != null) {
      f.cancel(true);
    }
    abortInline();
  }

  /**
   * Records the attempt whose exchange is about to block the caller's thread ({@code attempt}),
   * or that it returned ({@code null}). An inline attempt is in no in-flight list (its future
   * exists only once it ended), so this is how another thread reaches it: {@link #abortInline}.
   * If that already ran, {@code attempt} is aborted at once.
   */
  public void runningInline(Attempt attempt) {
    while (true) {
      Object current = inlineAttempt;
      if (current == INLINE_ABORTED) {
        if (attempt != null) {
          attempt.abort();
        }
        return;
      }
      if (INLINE.compareAndSet(this, current, attempt)) {
        if (attempt != null && inlineLate) {
          attempt.stillRunning(); // the watch time came before the attempt started
        }
        return;
      }
    }
  }

  /**
   * Promises (true) or withdraws (false) that {@link #inlineStillRunning} will be called for the
   * attempt about to run inline on this, the caller's, thread, by {@link Attempt#INLINE_WATCH_MILLIS}
   * or its deadline: attempts built meanwhile are {@linkplain Attempt#onStillRunning watched}.
   */
  public void watchInline(boolean watched) {
    this.inlineWatched = watched;
  }

  /** True when the attempt about to run inline on the caller's thread is watched (see {@link #watchInline}). */
  public boolean inlineWatched() {
    return inlineWatched;
  }

  /**
   * The attempt running inline (or about to) has lasted long enough for its transport's own
   * watch: tells it now, or as soon as it is recorded by {@link #runningInline}. Any thread.
   */
  public void inlineStillRunning() {
    inlineLate = true;
    if (inlineAttempt instanceof Attempt running) {
      running.stillRunning();
    }
  }

  /**
   * Aborts the attempt running inline on the caller's thread, if any, and any that starts later:
   * it lost to a hedge, or the call ended. Any thread.
   */
  public void abortInline() {
    if (INLINE.getAndSet(this, INLINE_ABORTED) instanceof Attempt running) {
      running.abort();
    }
  }

  /**
   * Lets a transport run an attempt's exchange on {@code thread}, blocking it: set while a blocking
   * caller's thread is inside the call's synchronous part (that thread would otherwise just wait),
   * null to revoke.
   */
  public void allowInlineOn(Thread thread) {
    this.inlineThread = thread;
  }

  /** True when the current thread may run this call's exchange inline. */
  public boolean mayRunInline() {
    return inlineThread == Thread.currentThread();
  }
}
