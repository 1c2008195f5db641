package dev.switchboard.pipeline;

import dev.switchboard.context.CallContext;
import dev.switchboard.context.CallTracer;
import dev.switchboard.context.ContextFuture;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.TraceContext;
import dev.switchboard.context.WireHeaders;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.internal.AttemptEngine;
import dev.switchboard.pipeline.internal.AttemptScheduler;
import dev.switchboard.pipeline.internal.AttemptSender;
import dev.switchboard.pipeline.internal.BreakerFilter;
import dev.switchboard.pipeline.internal.CallTelemetry;
import dev.switchboard.pipeline.internal.DiscoveryGate;
import dev.switchboard.pipeline.internal.EndpointAttempt;
import dev.switchboard.pipeline.internal.HedgingScheduler;
import dev.switchboard.pipeline.internal.LimitFilter;
import dev.switchboard.pipeline.internal.PipelineState;
import dev.switchboard.pipeline.internal.RealCall;
import dev.switchboard.pipeline.internal.RealChain;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.DestinationPolicies;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The whole call path of a client, in one place, for every transport. Reading {@link #assemble}
 * top to bottom is reading what happens to every call:
 *
 * <pre>
 *   execute(request, options)  deadline = min(client timeout, options.timeout, inbound deadline);
 *                              correlation id and trace ensured; one deadline timer per call
 *     user filters             outermost first; each sees a read-only Call
 *     circuit breaker          fail fast with CIRCUIT_OPEN; judges each call's final outcome
 *     concurrency limit        one slot per call (retries included); bounded wait, CONCURRENCY_LIMITED
 *     attempt engine           retries: policy conditions on the outcome, idempotency, maxAttempts,
 *                              jittered backoff inside the deadline, one RetryBudget per destination
 *                              (hedges share it); with a HedgingPolicy, hedges and retries together
 *                              (after the destination's hedge delay, to unused endpoints, losers
 *                              cancelled); calls it does not hedge get the plain retries
 *     endpoint attempt         wait for discovery once; pick (excluding tried and backing-off) →
 *                              stats → Transport.send(Attempt) → classify
 * </pre>
 *
 * <p>Why this order: the breaker and the limit sit outside the retries so that a call that is
 * refused costs nothing (no budget, no attempt), a retry never needs a second slot, and the
 * breaker judges what the caller saw. User filters sit outside the breaker, so a filter that
 * answers itself never touches it. Retries sit outside the attempt so each one picks again, away
 * from endpoints already tried.
 *
 * <p>Every timed task (the deadline, backoffs, hedge delays, per-attempt timeouts, limit waits,
 * the wait for discovery) runs on the {@link CallPolicies#timer() timer} of the policies, and
 * every measurement reads their {@link CallPolicies#ticker() ticker}.
 *
 * <p>Trace ids: the call's trace is the inbound one (or a new root) and each attempt sends a new
 * child span; when a telemetry listener is also a {@link CallTracer} (OpenTelemetry's), the
 * tracer supplies both, so the ids on the wire are its spans'.
 *
 * <p>Thread-safe: one pipeline serves every call of a client concurrently. No step blocks.
 */
public final class CallPipeline {
  private final String service;
  private final long timeoutNanos; // 0: no client timeout
  private final List<Filter> filters;
  private final AttemptEngine engine;
  private final CallPolicies policies;
  private final DestinationPolicies live;
  private final String protocol;
  private final CallTelemetry callTelemetry; // the tracer (if a listener is one) and call ends
  private final PipelineState state;
  private final boolean abortsInline; // the transport's: hedgeable blocking calls may run inline too
  private final boolean inlineEndsByDeadline; // the transport's: no deadline timer during the inline part

  private CallPipeline(String service, long timeoutNanos, List<Filter> filters, AttemptEngine engine,
      CallPolicies policies, DestinationPolicies live, String protocol, PipelineState state,
      boolean abortsInline, boolean inlineEndsByDeadline) {
    this.service = service;
    this.timeoutNanos = timeoutNanos;
    this.filters = filters;
    this.engine = engine;
    this.policies = policies;
    this.live = live;
    this.protocol = protocol;
    this.callTelemetry = new CallTelemetry(policies.telemetry());
    this.state = state;
    this.abortsInline = abortsInline;
    this.inlineEndsByDeadline = inlineEndsByDeadline;
  }

  /**
   * Assembles the pipeline of one destination.
   *
   * @param service the destination's name, for errors, telemetry and logs
   * @param timeout the client's timeout for a whole call (attempts, backoffs and hedges
   *     included), or null for none (only per-call timeouts and inbound deadlines then apply)
   * @param filters user filters, outermost first
   * @param policies retries, budget, hedging, breaker, limit, telemetry, ticker, timer
   * @param endpoints where attempts go: picker, statistics, discovery readiness
   * @param transport sends one attempt
   * @param classifier turns a response into success or failure ({@link ResponseClassifier#httpStatus()} for HTTP)
   */
  public static CallPipeline assemble(String service, Duration timeout, List<Filter> filters,
      CallPolicies policies, Endpoints endpoints, Transport transport, ResponseClassifier classifier) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(policies, "policies");
    return assemble(service, timeout, filters, policies, DestinationPolicies.create(service, policies), endpoints,
        transport, classifier);
  }

  /**
   * {@link #assemble(String, Duration, List, CallPolicies, Endpoints, Transport, ResponseClassifier)}
   * with live state the caller made, for clients of one destination that share some of it (a
   * budget, a hedge delay: {@link DestinationPolicies#withRetryBudget}); {@code live} must have
   * been created from {@code policies}.
   */
  public static CallPipeline assemble(String service, Duration timeout, List<Filter> filters,
      CallPolicies policies, DestinationPolicies live, Endpoints endpoints, Transport transport,
      ResponseClassifier classifier) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(classifier, "classifier");
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
    Timer timer = policies.timer();
    List<Filter> chain = new ArrayList<>(List.copyOf(filters));                   // 1. user filters
    live.circuitBreaker().ifPresent(b -> chain.add(new BreakerFilter(b)));        // 2. breaker
    live.concurrencyLimit().ifPresent(l -> chain.add(new LimitFilter(l)));        // 3. limit
    AttemptSender attempt = new DiscoveryGate(endpoints, new EndpointAttempt(     // 5. one attempt
        endpoints, transport, classifier, policies.retryPolicy().perAttemptTimeout(), timer,
        policies.telemetry(), live.hedgeDelay().orElse(null), live.retryBudget()), timer);
    AttemptScheduler retries = new AttemptScheduler(policies.retryPolicy(),       // 4. retries + hedges
        live.retryBudget(), attempt, timer, policies.telemetry());
    AttemptEngine engine = live.hedgeDelay()
        .<AttemptEngine>map(delay -> new HedgingScheduler(policies.hedgingPolicy(), policies.retryPolicy(),
            live.retryBudget(), delay, retries, attempt, timer, policies.telemetry()))
        .orElse(retries);
    long nanos = timeout == null ? 0 : saturatedNanos(timeout);
    String protocol = Objects.requireNonNull(transport.protocol(), "transport.protocol()");
    return new CallPipeline(service, nanos, List.copyOf(chain), engine, policies, live, protocol,
        new PipelineState(service, protocol, endpoints, live, policies.ticker()), transport.abortsInline(),
        transport.endsInlineExchangesByDeadline());
  }

  /** The destination's name. */
  public String service() {
    return service;
  }

  /** The policies this pipeline runs. */
  public CallPolicies callPolicies() {
    return policies;
  }

  /** This client's per-destination resilience state: retry budget, breaker, limit, hedge delay. */
  public DestinationPolicies policies() {
    return live;
  }

  /**
   * This destination's live state, read-only: endpoints, budget, breaker, limit, hedge delay,
   * discovery. For admin pages, gauges and actuator endpoints.
   */
  public DestinationState state() {
    return state;
  }

  /**
   * Makes {@link #state()} visible until the returned handle is closed: listed by {@link
   * dev.switchboard.telemetry.DestinationStates#all()} and announced to the telemetry listener ({@link
   * TelemetryListener#onDestinationOpen}, and {@code onDestinationClose} on close). A client calls
   * this when it is built and closes the handle when it is closed; closing twice is harmless.
   */
  public dev.switchboard.telemetry.DestinationStates.Registration publishState() {
    return state.publish(policies.telemetry());
  }

  /** Runs {@code request} with default options. The future fails with a ServiceCallException. */
  public CompletableFuture<Response> execute(Request request) {
    return execute(request, CallOptions.defaults(), response -> response);
  }

  /** {@link #execute(Request, CallOptions, ResponseDecoder)} with default options. */
  public <T> CompletableFuture<T> execute(Request request, ResponseDecoder<T> decoder) {
    return execute(request, CallOptions.defaults(), decoder);
  }

  /**
   * Runs {@code request} under {@code options} and decodes the successful response inside the
   * call, so a decoding failure is reported with the same call details (endpoint, attempts,
   * correlation id) as any other failure. The returned future fails with a
   * {@link ServiceCallException}; cancelling it cancels the attempts in flight.
   */
  public <T> CompletableFuture<T> execute(Request request, CallOptions options, ResponseDecoder<T> decoder) {
    return execute(request, options, decoder, false);
  }

  /** {@link #executeBlocking(Request, CallOptions, ResponseDecoder)} with default options. */
  public <T> T executeBlocking(Request request, ResponseDecoder<T> decoder) {
    return executeBlocking(request, CallOptions.defaults(), decoder);
  }

  /**
   * Runs {@code request} for a caller that waits for the answer: the blocking API. Its first
   * attempt may run its exchange on the caller's own thread (which would otherwise sit idle in a
   * wait) instead of an I/O thread: see {@link Attempt#mayRunInline()}. For a call that may be
   * hedged, only when the transport {@linkplain Transport#abortsInline() aborts inline exchanges}:
   * the hedge timer is armed first, a hedge goes out from it while the caller's thread runs the
   * first attempt, and the loser is aborted on the wire, whichever it is.
   * Returns the value or throws the {@link ServiceCallException}; an interrupt cancels the call.
   */
  public <T> T executeBlocking(Request request, CallOptions options, ResponseDecoder<T> decoder) {
    boolean inline = abortsInline || !mayBeHedged(request, options); // else a losing inline attempt could not be aborted
    return await(execute(request, options, decoder, inline));
  }

  private boolean mayBeHedged(Request request, CallOptions options) {
    HedgingPolicy hedging = policies.hedgingPolicy();
    return hedging.enabled() && hedging.appliesTo(request.method(), options.idempotent() || request.idempotent());
  }

  private <T> CompletableFuture<T> execute(Request request, CallOptions options, ResponseDecoder<T> decoder,
      boolean inline) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    CallContext ambient = CallContext.current();
    long ownNanos = timeoutNanos == 0 ? options.timeoutNanos()
        : options.timeoutNanos() == 0 ? timeoutNanos : Math.min(timeoutNanos, options.timeoutNanos());
    Ticker ticker = policies.ticker();
    long now = ticker.nanoTime(); // the call's start: one reading for its deadline and its clock
    Deadline deadline = Deadline.earliest(
        ownNanos == 0 ? null : Deadline.afterNanos(ownNanos, ticker, now), ambient.deadline().orElse(null));
    TraceContext inbound = ambient.trace().orElse(null);
    String correlationId = correlationId(request, ambient);
    TraceContext root = null;
    if (correlationId == null) { // none set or inbound: a new one
      if (inbound == null) {
        root = TraceContext.newRoot(); // a call that starts a trace: its trace id serves as both ids
        correlationId = root.traceId();
      } else {
        correlationId = CorrelationId.generate();
      }
    }
    CallInfo info = RealCall.info(service, request, correlationId, protocol);
    CallTracer.Span span = callTelemetry.startCall(info, inbound);
    CallContext context = ambient.forOutbound(deadline, correlationId,
        span != null ? span.context() : inbound != null ? inbound : root != null ? root : TraceContext.newRoot());
    RealCall call = new RealCall(service, request, options, ticker, now, deadline, context, info, span);
    policies.telemetry().onCallStart(info);
    // Continuations of the returned future run with the caller's context, even on transport threads.
    CompletableFuture<T> result = new ContextFuture<>(ambient);
    if (deadline != null && deadline.remainingNanos(ticker, now) <= 0) {
      watchEnd(call, result);
      fail(call, result, new DeadlineExceededException(
          "deadline expired before the call started; nothing was sent", true));
      return result;
    }
    // The deadline timer. For a blocking call on a transport whose inline exchanges end by their
    // deadline, it is armed only if the call is still running once the synchronous part returns:
    // everything else in that part returns a future rather than block.
    Timer.Timeout timer = deadline == null || (inline && inlineEndsByDeadline) ? null
        : deadlineTimer(call, result, deadline, ownNanos);
    if (timer != null) {
      watchEnd(call, result); // the timer may end the call while the chain still runs on this thread
    }
    if (inline) {
      call.allowInlineOn(Thread.currentThread());
    }
    CompletableFuture<Response> chain;
    try {
      chain = new RealChain(filters, 0, call, engine).proceed(request);
    } finally {
      call.allowInlineOn(null); // only the synchronous part runs on the caller's thread
    }
    if (chain.isDone()) { // an inline exchange answered already: no timer, no completion stage
      Response response = null;
      Throwable error = null;
      try {
        response = chain.join();
      } catch (CompletionException | CancellationException e) {
        error = e;
      }
      conclude(call, result, timer, decoder, response, error);
      if (timer == null) {
        callTelemetry.ended(call, result, null); // what watchEnd runs, without a completion stage
      }
    } else {
      if (timer == null) {
        watchEnd(call, result);
        if (deadline != null) {
          timer = deadlineTimer(call, result, deadline, ownNanos); // still running: armed now
        }
      }
      Timer.Timeout armed = timer;
      chain.whenComplete((response, error) -> conclude(call, result, armed, decoder, response, error));
    }
    return result;
  }

  /**
   * Once {@code result} completes, however (the caller cancelling included), ends the call: cancels
   * its attempts in flight and ends its trace. Registered before anyone but this pipeline holds
   * {@code result}.
   */
  private void watchEnd(RealCall call, CompletableFuture<?> result) {
    result.whenComplete((r, e) -> callTelemetry.ended(call, result, e));
  }

  /** Fails the call at its deadline (which also ends every attempt in flight). */
  private Timer.Timeout deadlineTimer(RealCall call, CompletableFuture<?> result, Deadline deadline, long ownNanos) {
    return policies.timer().schedule(() -> fail(call, result, new DeadlineExceededException(ownNanos == 0
            ? "the caller's deadline exceeded"
            : "deadline of " + TimeUnit.NANOSECONDS.toMillis(ownNanos) + " ms (or the caller's) exceeded", false)),
        deadline.remainingNanos(), TimeUnit.NANOSECONDS);
  }

  /** The chain's outcome, decoded, completes the caller's future (unless the deadline did first). */
  private <T> void conclude(RealCall call, CompletableFuture<T> result, Timer.Timeout timer,
      ResponseDecoder<T> decoder, Response response, Throwable error) {
    if (timer != null) {
      timer.cancel();
    }
    if (error == null) {
      T value;
      try {
        value = decoder.decode(response);
      } catch (RuntimeException e) {
        fail(call, result, e);
        return;
      }
      succeed(call, result, value);
    } else {
      fail(call, result, error);
    }
  }

  /**
   * The call's correlation id: a valid {@code x-request-id} the caller set on this request wins,
   * then the inbound (bound) one; null when there is neither, for the caller to make a new one. An
   * invalid header value is replaced, never sent.
   */
  private static String correlationId(Request request, CallContext ambient) {
    String explicit = request.header(WireHeaders.REQUEST_ID);
    if (CorrelationId.isValid(explicit)) {
      return explicit;
    }
    return ambient.correlationId().orElse(null);
  }

  /**
   * Waits for {@code future} the blocking way: returns its value or throws its
   * {@link ServiceCallException}; an interrupt cancels the call and throws {@code CANCELLED}.
   */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CancelledCallException("interrupted while waiting for the call", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new CancelledCallException("call cancelled", e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new CompletionException(t);
  }

  private <T> void succeed(RealCall call, CompletableFuture<T> result, T value) {
    callTelemetry.endTrace(call, null); // before the caller resumes: its span is then complete
    if (result.complete(value)) {
      policies.telemetry().onCallEnd(call.info(), call.elapsed(), null);
    }
  }

  private void fail(RealCall call, CompletableFuture<?> result, Throwable error) {
    if (result.isDone()) {
      return;
    }
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ServiceCallException sce) {
      sce.completeWith(call.details());
      policies.telemetry().onCallEnd(call.info(), call.elapsed(), sce);
    }
    callTelemetry.endTrace(call, cause);
    result.completeExceptionally(cause);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    return "CallPipeline[" + service + ", " + policies + "]";
  }
}
