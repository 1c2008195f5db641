package dev.switchboard.pipeline;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CallDetails;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One logical call across all its attempts: its deadline and context, the endpoints already
 * tried, the attempt counter and the in-flight attempts (so they can be cancelled when the call
 * ends). Created by the pipeline; filters read it through {@link Chain#call()}. Thread-safe.
 */
public final class Call {
  private final String service;
  private final Request request;
  private final Ticker ticker;
  private final long startNanos;
  private final Deadline deadline;
  private final CallContext context;
  private final CallInfo info;
  private final TelemetryListener telemetry;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger attempts = new AtomicInteger();
  /** Immutable list swapped by CAS: attempts are few, reads (every pick) are many. */
  private final AtomicReference<List<Endpoint>> tried = new AtomicReference<>(List.of());
  private final ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
  private volatile Endpoint lastEndpoint;
  private volatile Thread inlineThread;
  private volatile boolean finished;

  /**
   * @param deadline the effective deadline, or null for none
   * @param context the outbound context (correlation id and trace guaranteed present)
   */
  public Call(
      String service,
      Request request,
      Ticker ticker,
      Deadline deadline,
      CallContext context,
      TelemetryListener telemetry,
      ScheduledExecutorService scheduler) {
    this.service = Objects.requireNonNull(service, "service");
    this.request = Objects.requireNonNull(request, "request");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.startNanos = ticker.nanoTime();
    this.deadline = deadline;
    this.context = Objects.requireNonNull(context, "context");
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.info = new CallInfo(service, request.method(), request.pathWithoutQuery(),
        context.correlationId().orElse("-"));
  }

  /** The destination's service name. */
  public String service() {
    return service;
  }

  /** The request as the caller made it. */
  public Request request() {
    return request;
  }

  /** The ticker all timing uses. */
  public Ticker ticker() {
    return ticker;
  }

  /** The effective deadline: the earliest of the call timeout and the ambient deadline. */
  public Optional<Deadline> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The outbound context: correlation id and trace id for every attempt. */
  public CallContext context() {
    return context;
  }

  /** Identity for telemetry events. */
  public CallInfo info() {
    return info;
  }

  /** The destination's telemetry listener. */
  public TelemetryListener telemetry() {
    return telemetry;
  }

  /** The shared scheduler for backoffs and hedge timers. */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Reserves the next attempt number (1-based). */
  public int nextAttemptNumber() {
    return attempts.incrementAndGet();
  }

  /** Attempts made so far. */
  public int attempts() {
    return attempts.get();
  }

  /** Endpoints already tried by this call, oldest first; an immutable snapshot. */
  public List<Endpoint> tried() {
    return tried.get();
  }

  /** Records that an attempt went to {@code endpoint} (once per address). Lock-free. */
  public void recordTried(Endpoint endpoint) {
    lastEndpoint = endpoint;
    while (true) {
      List<Endpoint> current = tried.get();
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

  /** Time since the call started. */
  public Duration elapsed() {
    return Duration.ofNanos(ticker.nanoTime() - startNanos);
  }

  /** Registers an in-flight attempt so it is cancelled if the call ends first. */
  public void trackInFlight(CompletableFuture<?> attempt) {
    if (finished) {
      attempt.cancel(true);
      return;
    }
    inFlight.add(attempt);
    attempt.whenComplete((r, e) -> inFlight.remove(attempt));
  }

  /** Marks the call finished and cancels every attempt still in flight. */
  public void finish() {
    finished = true;
    CompletableFuture<?> f;
    while ((f = inFlight.poll()) != null) {
      f.cancel(true);
    }
  }

  /**
   * Lets a transport run an attempt's exchange on {@code thread}, blocking it, instead of handing
   * the exchange to an I/O thread: set by the pipeline while a blocking caller's thread is inside
   * the call's synchronous part (that thread would otherwise just wait), null to revoke.
   */
  public void allowInlineOn(Thread thread) {
    this.inlineThread = thread;
  }

  /** True when the current thread may run this call's exchange inline (see {@link #allowInlineOn}). */
  public boolean mayRunInline() {
    return inlineThread == Thread.currentThread();
  }

  /** True once the call has a result. */
  public boolean isFinished() {
    return finished;
  }

  /** Details for error messages. */
  public CallDetails details() {
    Endpoint last = lastEndpoint;
    return new CallDetails(service, request.method(), request.pathWithoutQuery(),
        last == null ? "-" : last.address(), attempts.get(), elapsed(),
        context.correlationId().orElse("-"));
  }
}
