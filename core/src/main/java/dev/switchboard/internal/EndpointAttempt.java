package dev.switchboard.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.context.CallContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import dev.switchboard.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The end of the chain: picks an endpoint (avoiding those this call already tried, and any that
 * a server asked to back off), sends one attempt through the transport, updates the endpoint's
 * statistics and classifies the outcome.
 *
 * <ul>
 *   <li>A failure carrying {@code Retry-After} / {@code x-retry-pushback-ms} marks its endpoint
 *       as backing off ({@link EndpointStats#backOffUntil}), so no call sends there before then.
 *   <li>When every endpoint is backing off, nothing is sent and the attempt fails locally with
 *       {@code RATE_LIMITED} carrying the time until the first is free; the retry engine decides
 *       whether to wait for it.
 *   <li>An optional per-attempt timeout cancels the exchange and fails it with {@code TIMEOUT}
 *       (a server fault); the attempt's outbound deadline is shortened to match.
 *   <li>Cancelling the returned future cancels the exchange on the wire.
 *   <li>A hedge ({@link Request#hedge()}) never reuses an endpoint the call has used: when none
 *       is left it fails locally with {@code NO_ENDPOINTS}, sending nothing.
 * </ul>
 */
public final class EndpointAttempt implements BiFunction<Call, Request, CompletableFuture<Response>> {
  /** How many backing-off endpoints one pick may step over before reusing tried ones. */
  private static final int MAX_SKIPS = 4;

  private final Supplier<Picker> picker;
  private final EndpointStatsRegistry stats;
  private final Transport transport;
  private final ResponseClassifier classifier;
  private final long perAttemptTimeoutNanos;

  public EndpointAttempt(Supplier<Picker> picker, EndpointStatsRegistry stats,
      Transport transport, ResponseClassifier classifier) {
    this(picker, stats, transport, classifier, null);
  }

  /** @param perAttemptTimeout the timeout of each attempt, or null for none */
  public EndpointAttempt(Supplier<Picker> picker, EndpointStatsRegistry stats,
      Transport transport, ResponseClassifier classifier, Duration perAttemptTimeout) {
    this.picker = picker;
    this.stats = stats;
    this.transport = transport;
    this.classifier = classifier;
    this.perAttemptTimeoutNanos = perAttemptTimeout == null ? 0 : perAttemptTimeout.toNanos();
  }

  @Override
  public CompletableFuture<Response> apply(Call call, Request request) {
    long now = call.ticker().nanoTime();
    Endpoint endpoint;
    try {
      endpoint = pick(call, request, now);
    } catch (RejectedCallException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (endpoint == null) {
      return CompletableFuture.failedFuture(new RejectedCallException(ErrorKind.NO_ENDPOINTS,
          "no endpoint available for " + call.service() + ": " + picker.get().describeUnavailable()));
    }
    int number = call.nextAttemptNumber();
    call.recordTried(endpoint);
    CallContext context = call.context().withTrace(call.context().trace().orElseThrow().newChild());
    long timeout = perAttemptTimeoutNanos;
    if (timeout > 0 && timeout < call.deadline().map(Deadline::remainingNanos).orElse(Long.MAX_VALUE)) {
      context = context.withDeadline(Deadline.afterNanos(timeout, call.ticker())); // sent downstream
    } else {
      timeout = 0; // the call's deadline comes first anyway
    }
    Attempt attempt = new Attempt(call, number, request.hedge(), endpoint, context);
    EndpointStats s = stats.of(endpoint);
    long start = call.ticker().nanoTime();
    s.onStart();
    call.telemetry().onAttemptStart(call.info(), endpoint, number, request.hedge());
    CompletableFuture<Response> sent;
    try {
      sent = transport.send(attempt, request);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    call.trackInFlight(sent);
    CompletableFuture<Response> exchange = sent;
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> timer = timeout == 0 ? null : call.scheduler().schedule(() -> {
      timedOut.set(!exchange.isDone());
      exchange.cancel(true);
    }, timeout, TimeUnit.NANOSECONDS);
    long timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeout);
    CompletableFuture<Response> outcome = sent.handle((response, error) -> {
      long end = call.ticker().nanoTime();
      if (timer != null) {
        timer.cancel(false);
      }
      ServiceCallException failure = timedOut.get() && exchange.isCancelled()
          ? new TransportException(ErrorKind.TIMEOUT, "attempt timed out after " + timeoutMillis
              + " ms (per-attempt timeout)", false, null)
          : error != null ? asServiceError(error) : classifier.classify(response);
      s.onEnd(end - start, failure != null && failure.kind().serverFault());
      if (failure != null && failure.retryAfter().isPresent()) {
        s.backOffUntil(end + failure.retryAfter().get().toNanos()); // server pushback
      }
      call.telemetry().onAttemptEnd(call.info(), endpoint, number, Duration.ofNanos(end - start), failure);
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

  /**
   * An endpoint this call has not tried and that is not backing off; else a tried one that is
   * not backing off; else null. Throws {@code RATE_LIMITED} when backing-off endpoints were all
   * that was left, with the time until the first is free.
   */
  private Endpoint pick(Call call, Request request, long now) {
    Picker p = picker.get();
    List<Endpoint> backingOff = new ArrayList<>(0); // allocates no array until something backs off
    Endpoint e = pickNotBackingOff(p, call.tried(), request, now, backingOff);
    if (e != null) {
      return e;
    }
    if (call.tried().isEmpty() && backingOff.isEmpty()) {
      return null;
    }
    if (request.hedge()) { // a hedge only helps on an endpoint this call has not used
      throw new RejectedCallException(ErrorKind.NO_ENDPOINTS, "no endpoint of " + call.service()
          + " that this call has not used is available for a hedge (" + call.tried().size() + " used)");
    }
    // Every untried endpoint is gone or backing off: reuse tried ones that are not backing off.
    for (Endpoint t : call.tried()) {
      if (stats.of(t).isBackingOff(now) && !backingOff.contains(t)) {
        backingOff.add(t);
      }
    }
    e = pickNotBackingOff(p, List.copyOf(backingOff), request, now, backingOff);
    if (e != null || backingOff.isEmpty()) {
      return e;
    }
    long free = Long.MAX_VALUE;
    for (Endpoint b : backingOff) {
      free = Math.min(free, stats.of(b).backOffUntilNanos() - now);
    }
    free = Math.max(1, free);
    throw new RejectedCallException(ErrorKind.RATE_LIMITED,
        "every available endpoint of " + call.service() + " is backing off after server pushback ("
            + backingOff.size() + " endpoint(s)); the first is free in " + TimeUnit.NANOSECONDS.toMillis(free) + " ms",
        Duration.ofNanos(free));
  }

  /**
   * Picks outside {@code excluded}, stepping over at most {@link #MAX_SKIPS} endpoints that are
   * backing off (each is added to {@code backingOff} and excluded from the next pick); null when
   * the picker runs out first.
   */
  private Endpoint pickNotBackingOff(Picker p, List<Endpoint> excluded, Request request, long now,
      List<Endpoint> backingOff) {
    List<Endpoint> avoid = excluded;
    for (int i = 0; i < MAX_SKIPS; i++) {
      Endpoint e = p.pick(new PickContext(avoid, request.hashKey(), ""));
      if (e == null) {
        return null;
      }
      if (!stats.of(e).isBackingOff(now)) {
        return e;
      }
      if (!backingOff.contains(e)) {
        backingOff.add(e);
      }
      avoid = new ArrayList<>(avoid);
      avoid.add(e);
    }
    return null;
  }

  static ServiceCallException asServiceError(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ServiceCallException sce) {
      return sce;
    }
    if (t instanceof java.util.concurrent.CancellationException) {
      return new dev.switchboard.errors.CancelledCallException("attempt cancelled", t);
    }
    return new dev.switchboard.errors.ProtocolException(ErrorKind.PROTOCOL_ERROR,
        "transport failed unexpectedly: " + t, t);
  }
}
