package dev.switchboard.pipeline;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.Picker;
import dev.switchboard.errors.RejectedCallException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where a pipeline's attempts go: the balancer's current {@link Picker}, the endpoints'
 * statistics the pipeline updates, and whether discovery has answered yet. The HTTP client's
 * {@code Destination} implements it over discovery and a balancer; a transport with its own
 * balancing (grpc-java's) implements it over that balancer's picker, so the pick, its exclusion
 * and back-off rules stay in the pipeline.
 *
 * <p><b>Threading:</b> thread-safe; {@link #picker()} and {@link #stats()} are read on every
 * attempt and must not lock.
 */
public interface Endpoints {
  /** The current picker; never null. */
  Picker picker();

  /** Per-endpoint statistics (in flight, latency, outcomes, back-off). */
  EndpointStatsRegistry stats();

  /** Completes once discovery delivered its first set; attempts wait for it. */
  CompletableFuture<Void> ready();

  /** How long an attempt waits for {@link #ready()} before failing with {@link #notReadyError()}. */
  Duration readyTimeout();

  /** The {@code NO_ENDPOINTS} error for an attempt that waited {@link #readyTimeout()} in vain. */
  RejectedCallException notReadyError();
}
