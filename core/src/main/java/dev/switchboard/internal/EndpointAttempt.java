package dev.switchboard.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.pipeline.ResponseClassifier;
import dev.switchboard.pipeline.Transport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The end of the chain: picks an endpoint (avoiding those this call already tried), sends one
 * attempt through the transport, updates the endpoint's statistics and classifies the outcome.
 */
public final class EndpointAttempt implements BiFunction<Call, Request, CompletableFuture<Response>> {
  private final Supplier<Picker> picker;
  private final dev.switchboard.balancer.EndpointStatsRegistry stats;
  private final Transport transport;
  private final ResponseClassifier classifier;

  public EndpointAttempt(Supplier<Picker> picker, dev.switchboard.balancer.EndpointStatsRegistry stats,
      Transport transport, ResponseClassifier classifier) {
    this.picker = picker;
    this.stats = stats;
    this.transport = transport;
    this.classifier = classifier;
  }

  @Override
  public CompletableFuture<Response> apply(Call call, Request request) {
    Endpoint endpoint = pick(call, request);
    if (endpoint == null) {
      return CompletableFuture.failedFuture(new RejectedCallException(ErrorKind.NO_ENDPOINTS,
          "no endpoint available for " + call.service() + ": " + picker.get().describeUnavailable()));
    }
    int number = call.nextAttemptNumber();
    call.recordTried(endpoint);
    Attempt attempt = new Attempt(call, number, request.hedge(), endpoint,
        call.context().withTrace(call.context().trace().orElseThrow().newChild()));
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
    return sent.handle((response, error) -> {
      long latency = call.ticker().nanoTime() - start;
      ServiceCallException failure = error != null ? asServiceError(error) : classifier.classify(response);
      s.onEnd(latency, failure != null && failure.kind().serverFault());
      call.telemetry().onAttemptEnd(call.info(), endpoint, number, Duration.ofNanos(latency), failure);
      if (failure != null) {
        throw new CompletionException(failure);
      }
      return response;
    });
  }

  private Endpoint pick(Call call, Request request) {
    Picker p = picker.get();
    String zone = "";
    Endpoint e = p.pick(new PickContext(call.tried(), request.hashKey(), zone));
    if (e == null && !call.tried().isEmpty()) {
      e = p.pick(new PickContext(java.util.List.of(), request.hashKey(), zone)); // reuse rather than fail
    }
    return e;
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
