package dev.switchboard.pipeline.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Endpoints;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 *   <li>Cancelling the returned future cancels the exchange on the wire.
 *   <li>A hedge never reuses an endpoint the call has used: when none is left it fails locally
 *       with {@code NO_ENDPOINTS}, sending nothing.
 * </ul>
 */
public final class EndpointAttempt implements AttemptSender {
  private final Endpoints endpoints;
  private final Transport transport;
  private final ResponseClassifier classifier;
  private final long perAttemptTimeoutNanos;
  private final Timer timer;
  private final TelemetryListener telemetry;

  /** @param perAttemptTimeout the timeout of each attempt, or null for none */
  public EndpointAttempt(Endpoints endpoints, Transport transport, ResponseClassifier classifier,
      Duration perAttemptTimeout, Timer timer, TelemetryListener telemetry) {
    this.endpoints = endpoints;
    this.transport = transport;
    this.classifier = classifier;
    this.perAttemptTimeoutNanos = perAttemptTimeout == null ? 0 : perAttemptTimeout.toNanos();
    this.timer = timer;
    this.telemetry = telemetry;
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
    CallContext context = call.context().withTrace(call.context().trace().orElseThrow().newChild());
    long timeout = perAttemptTimeoutNanos;
    if (timeout > 0 && timeout < call.remainingNanos()) {
      context = context.withDeadline(Deadline.afterNanos(timeout, call.ticker())); // sent downstream
    } else {
      timeout = 0; // the call's deadline comes first anyway
    }
    Attempt attempt = new Attempt(call, number, hedge, endpoint, context, !hedge && call.mayRunInline());
    EndpointStats s = endpoints.stats().of(endpoint);
    long start = call.ticker().nanoTime();
    s.onStart();
    telemetry.onAttemptStart(call.info(), endpoint, number, hedge);
    CompletableFuture<Response> sent;
    try {
      sent = transport.send(attempt, request);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    call.trackInFlight(sent);
    CompletableFuture<Response> exchange = sent;
    AtomicBoolean timedOut = timeout == 0 ? null : new AtomicBoolean();
    Timer.Timeout timer = timeout == 0 ? null : this.timer.schedule(() -> {
      timedOut.set(!exchange.isDone());
      exchange.cancel(true);
    }, timeout, TimeUnit.NANOSECONDS);
    long timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeout);
    CompletableFuture<Response> outcome = sent.handle((response, error) -> {
      long end = call.ticker().nanoTime();
      if (timer != null) {
        timer.cancel();
      }
      ServiceCallException failure = timedOut != null && timedOut.get() && exchange.isCancelled()
          ? new TransportException(ErrorKind.TIMEOUT, "attempt timed out after " + timeoutMillis
              + " ms (per-attempt timeout)", false, null)
          : error != null ? Outcomes.unwrap(error) : classifier.classify(response);
      s.onEnd(end - start, failure != null && failure.kind().serverFault());
      if (failure != null && failure.retryAfter().isPresent()) {
        s.backOffUntil(end + failure.retryAfter().get().toNanos()); // server pushback
      }
      telemetry.onAttemptEnd(call.info(), endpoint, number, Duration.ofNanos(end - start), failure);
      if (failure != null) {
        throw new CompletionException(failure);
      }
      return response;
    });
    outcome.whenComplete((r, e) -> {
      if (outcome.isCancelled()) {
        exchange.cancel(true); // whoever cancels the attempt cancels the exchange on the wire
      }
    });
    return outcome;
  }
}
