package dev.switchboard.pipeline.internal;

import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CallDetails;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Request;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
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
  private final Deadline deadline;
  private final CallContext context;
  private final CallInfo info;
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
  public RealCall(String service, Request request, CallOptions options, Ticker ticker, Deadline deadline,
      CallContext context) {
    this.service = Objects.requireNonNull(service, "service");
    this.request = Objects.requireNonNull(request, "request");
    this.options = Objects.requireNonNull(options, "options");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.startNanos = ticker.nanoTime();
    this.deadline = deadline;
    this.context = Objects.requireNonNull(context, "context");
    this.info = new CallInfo(service, request.method(), request.pathWithoutQuery(),
        context.correlationId().orElse("-"));
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

  /** Reserves the next attempt number (1-based). */
  public int nextAttemptNumber() {
    return attempts.incrementAndGet();
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

  /** Registers an in-flight attempt so it is cancelled if the call ends first. */
  public void trackInFlight(CompletableFuture<?> attempt) {
    if (attempt.isDone()) {
      return; // nothing left to cancel: an inline exchange returns its answer already complete
    }
    if (finished) {
      attempt.cancel(true);
      return;
    }
    inFlight.add(attempt);
    attempt.whenComplete((r, e) -> inFlight.remove(attempt));
    if (finished && inFlight.remove(attempt)) {
      attempt.cancel(true); // finish() ran between the check and the add
    }
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
