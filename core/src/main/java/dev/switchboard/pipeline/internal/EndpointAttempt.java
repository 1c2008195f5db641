package dev.switchboard.pipeline.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Endpoints;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.telemetry.AttemptInfo;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.AttemptResult.CancelReason;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * The end of the pipeline: one attempt. Picks an endpoint ({@link EndpointPick}: avoiding those
 * this call already tried, and any a server asked to back off), sends the attempt through the
 * transport, updates the endpoint's statistics and classifies the outcome.
 *
 * <ul>
 *   <li>A failure carrying {@code Retry-After} / {@code x-retry-pushback-ms} marks its endpoint
 *       as backing off ({@link EndpointStats#backOffUntil}), so no call sends there before then.
 *   <li>When every endpoint is backing off, nothing is sent and the attempt fails locally with
 *       {@code RATE_LIMITED} carrying the time until the first is free; the engine decides
 *       whether to wait for it.
 *   <li>An optional per-attempt timeout cancels the exchange and fails it with {@code TIMEOUT}
 *       (a server fault); the attempt's own deadline ({@link Attempt#deadline()}) is shortened to
 *       match, so the transport sends the shorter time downstream.
 *   <li>Cancelling the returned future cancels the exchange on the wire. An exchange running
 *       inline on the caller's thread has no future yet: {@link RealCall#abortInline} reaches it.
 *   <li>A hedge never reuses an endpoint the call has used: when none is left it fails locally
 *       with {@code NO_ENDPOINTS}, sending nothing.
 *   <li>What the outcome says about the endpoint (and the destination's retry throttle) is
 *       {@link AttemptJudge}'s call: connection failures, timeouts and attempts stuck until a hedge
 *       or the deadline beat them count against the endpoint.
 *   <li>Each attempt sends a child span of the call's trace: from the call's {@link CallTracer}
 *       handle when a tracer is configured (its span id is then a real span's), else a random one.
 *       Telemetry gets {@link AttemptInfo} and {@link AttemptResult} (status, and why a cancelled
 *       attempt was cancelled), built only when a listener is configured.
 * </ul>
 */
public final class EndpointAttempt implements AttemptSender {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndpointAttempt.class);
  private final Endpoints endpoints;
  private final Transport transport;
  private final ResponseClassifier classifier;
  private final long perAttemptTimeoutNanos;
  private final Timer timer;
  private final TelemetryListener telemetry;
  private final AttemptJudge judge;

  /**
   * @param perAttemptTimeout the timeout of each attempt, or null for none
   * @param hedgeDelay the destination's hedge delay (the bar for "stuck"), or null without hedging
   * @param budget the destination's retry budget, whose throttle hears every attempt's outcome
   */
  public EndpointAttempt(Endpoints endpoints, Transport transport, ResponseClassifier classifier,
      Duration perAttemptTimeout, Timer timer, TelemetryListener telemetry, HedgeDelay hedgeDelay,
      RetryBudget budget) {
    this.endpoints = endpoints;
    this.transport = transport;
    this.classifier = classifier;
    this.perAttemptTimeoutNanos = perAttemptTimeout == null ? 0 : perAttemptTimeout.toNanos();
    this.timer = timer;
    this.telemetry = telemetry;
    this.judge = new AttemptJudge(hedgeDelay, budget);
  }

  @SuppressWarnings("removal") // the deprecated Request.hashKey and hedge flag are still honoured
  @Override
  public CompletableFuture<Response> send(RealCall call, Request request, boolean engineHedge) {
    boolean hedge = engineHedge || request.hedge();
    long now = call.ticker().nanoTime();
    String hashKey = call.options().hashKey() != null ? call.options().hashKey() : request.hashKey();
    Endpoint endpoint;
    try {
      endpoint = EndpointPick.pick(endpoints.picker(), endpoints.stats(), call.tried(), hashKey, hedge,
          call.service(), now);
    } catch (RejectedCallException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (endpoint == null) {
      return CompletableFuture.failedFuture(new RejectedCallException(ErrorKind.NO_ENDPOINTS,
          "no endpoint available for " + call.service() + ": " + endpoints.picker().describeUnavailable()));
    }
    int number = call.nextAttemptNumber();
    call.recordTried(endpoint);
    CallTracer.Span span = startSpan(call, number, hedge, endpoint);
    TraceContext trace = span != null ? span.context() : call.context().trace().orElseThrow().newChild();
    CallContext context = call.context().withTrace(trace);
    long timeout = perAttemptTimeoutNanos;
    if (timeout > 0 && timeout < call.remainingNanos()) {
      context = context.withDeadline(Deadline.afterNanos(timeout, call.ticker())); // sent downstream
    } else {
      timeout = 0; // the call's deadline comes first anyway
    }
    boolean inline = !hedge && call.mayRunInline();
    // Watched by the call's timer only when the attempt's deadline is the call's, which that timer knows.
    Attempt attempt = new Attempt(call, number, hedge, endpoint, context, inline,
        inline && timeout == 0 && call.inlineWatched());
    EndpointStats s = endpoints.stats().of(endpoint);
    long start = now; // the pick is part of the attempt: one ticker reading for both
    s.onStart();
    AttemptInfo info = telemetry == TelemetryListener.NOOP ? null
        : new AttemptInfo(call.info(), number, hedge, endpoint, trace.traceId(), trace.spanId());
    if (info != null) {
      telemetry.onAttemptStart(info);
    }
    CompletableFuture<Response> sent;
    if (inline) {
      call.runningInline(attempt); // until send returns, only this reaches the exchange from elsewhere
    }
    try {
      sent = transport.send(attempt, request);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    } finally {
      if (inline) {
        call.runningInline(null);
      }
    }
    call.trackInFlight(sent);
    CompletableFuture<Response> exchange = sent;
    if (sent.isDone()) {
      timeout = 0; // it ran inline, or failed at once: nothing left to time out
    }
    AtomicBoolean timedOut = timeout == 0 ? null : new AtomicBoolean();
    Timer.Timeout timer = timeout == 0 ? null : this.timer.schedule(() -> {
      timedOut.set(!exchange.isDone());
      exchange.cancel(true);
    }, timeout, TimeUnit.NANOSECONDS);
    long timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeout);
    BiFunction<Response, Throwable, Response> conclude = (response, error) -> {
      long end = call.ticker().nanoTime();
      if (timer != null) {
        timer.cancel();
      }
      boolean attemptTimedOut = timedOut != null && timedOut.get() && exchange.isCancelled();
      ServiceCallException failure = attemptTimedOut
          ? new TransportException(ErrorKind.TIMEOUT, "attempt timed out after " + timeoutMillis
              + " ms (per-attempt timeout)", false, null)
          : error != null ? Outcomes.unwrap(error) : classifier.classify(response);
      s.onEnd(end - start, judge.judge(call, start, end - start, failure));
      if (failure != null && failure.retryAfter().isPresent()) {
        s.backOffUntil(end + failure.retryAfter().get().toNanos()); // server pushback
      }
      if (span != null || info != null) {
        AttemptResult result = new AttemptResult(end - start, status(response, failure), failure,
            attemptTimedOut ? CancelReason.ATTEMPT_TIMEOUT : cancelReason(call, number, failure));
        if (span != null) {
          endSpan(span, result);
        }
        if (info != null) {
          telemetry.onAttemptEnd(info, result);
        }
      }
      if (failure != null) {
        throw new CompletionException(failure);
      }
      return response;
    };
    if (sent.isDone()) {
      return Outcomes.now(sent, conclude); // an inline exchange: already over, so nothing to cancel later
    }
    CompletableFuture<Response> outcome = sent.handle(conclude);
    outcome.whenComplete((r, e) -> {
      if (outcome.isCancelled()) {
        exchange.cancel(true); // whoever cancels the attempt cancels the exchange on the wire
      }
    });
    return outcome;
  }

  /** The tracer's span for this attempt, or null without a tracer (or when it failed: logged). */
  private static CallTracer.Span startSpan(RealCall call, int number, boolean hedge, Endpoint endpoint) {
    CallTracer.Span callSpan = call.trace();
    if (callSpan == null) {
      return null;
    }
    try {
      return callSpan.startAttempt(number, hedge, endpoint);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("call tracer failed to start attempt {} of {}; a random span id is sent", number, call.info(), e);
      return null;
    }
  }

  private static void endSpan(CallTracer.Span span, AttemptResult result) {
    try {
      span.endAttempt(result);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("call tracer failed to end an attempt; ignored", e);
    }
  }

  private static int status(Response response, ServiceCallException failure) {
    if (response != null) {
      return response.status();
    }
    return failure instanceof StatusException st ? st.status() : AttemptResult.NO_STATUS;
  }

  /** Why a cancelled attempt was cancelled; null when it was not. */
  private static CancelReason cancelReason(RealCall call, int number, ServiceCallException failure) {
    if (!(failure instanceof CancelledCallException)) {
      return null;
    }
    int decider = call.decidedBy();
    return decider != 0 && decider != number ? CancelReason.LOST_RACE : CancelReason.CALL_ENDED;
  }
}
