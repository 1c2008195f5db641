package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Endpoints;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import dev.switchboard.time.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds attempts until discovery has answered once, at most {@link Endpoints#readyTimeout()};
 * then fails them with {@link Endpoints#notReadyError()}. Once discovery is ready it only checks a
 * completed future. Thread-safe, non-blocking.
 */
public final class DiscoveryGate implements AttemptSender {
  private final Endpoints endpoints;
  private final AttemptSender next;
  private final Timer timer;

  public DiscoveryGate(Endpoints endpoints, AttemptSender next, Timer timer) {
    this.endpoints = endpoints;
    this.next = next;
    this.timer = timer;
  }

  @Override
  public CompletableFuture<Response> send(RealCall call, Request request, boolean hedge) {
    CompletableFuture<Void> discovered = endpoints.ready();
    if (discovered.isDone() && !discovered.isCompletedExceptionally()) {
      return next.send(call, request, hedge);
    }
    CompletableFuture<Void> ready = discovered.copy();
    Timer.Timeout giveUp = timer.schedule(() -> ready.completeExceptionally(endpoints.notReadyError()),
        endpoints.readyTimeout().toNanos(), TimeUnit.NANOSECONDS);
    return ready.thenCompose(v -> {
      giveUp.cancel();
      return next.send(call, request, hedge);
    });
  }
}
