package dev.switchboard.pipeline.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.time.Ticker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The end of the chain for engine tests: picks the first endpoint the call has not used (a hedge
 * never reuses one, as {@code EndpointAttempt}), counts and records the attempt like the real
 * step, and hands the test a future to complete. No network: these tests are about timing rules;
 * the HTTP integration tests cover the transport.
 */
final class ScriptedAttempts implements AttemptSender {
  /** One attempt the engine sent. */
  record Sent(int number, boolean hedge, Endpoint endpoint, long sentAtNanos, CompletableFuture<Response> future) {
    void succeed() {
      future.complete(new Response(200, Map.of(), new byte[0], endpoint));
    }

    void fail(ServiceCallException e) {
      future.completeExceptionally(e);
    }
  }

  private final List<Endpoint> endpoints;
  private final Ticker ticker;
  final List<Sent> sent = new CopyOnWriteArrayList<>();

  ScriptedAttempts(Ticker ticker, int endpoints) {
    this.ticker = ticker;
    this.endpoints = java.util.stream.IntStream.rangeClosed(1, endpoints)
        .mapToObj(i -> Endpoint.of("10.0.0." + i, 8080)).toList();
  }

  @Override
  public CompletableFuture<Response> send(RealCall call, Request request, boolean hedge) {
    Endpoint pick = endpoints.stream().filter(e -> !call.tried().contains(e)).findFirst().orElse(null);
    if (pick == null && hedge) {
      return CompletableFuture.failedFuture(new RejectedCallException(ErrorKind.NO_ENDPOINTS, "no unused endpoint"));
    }
    Endpoint endpoint = pick != null ? pick : endpoints.get(0);
    int number = call.nextAttemptNumber();
    call.recordTried(endpoint);
    CompletableFuture<Response> f = new CompletableFuture<>();
    call.trackInFlight(f);
    sent.add(new Sent(number, hedge, endpoint, ticker.nanoTime(), f));
    return f;
  }

  Sent get(int number) {
    return sent.get(number - 1);
  }
}
