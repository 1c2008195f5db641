package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.util.concurrent.CompletableFuture;

/**
 * The end of the filter chain: decides which attempts one run of a call sends (the first,
 * retries, hedges) and sends each through an {@link AttemptSender}. {@link AttemptScheduler}
 * (retries) and {@link HedgingScheduler} (hedges and retries) are the two engines.
 *
 * <p>Not a {@code Filter}: per-attempt facts (is this a hedge) must reach the attempt without
 * riding on the request, and only the engine knows them. Thread-safe, non-blocking.
 */
public interface AttemptEngine {
  /** Runs {@code request} as {@code call}; the future completes with the winner or the failure. */
  CompletableFuture<Response> run(RealCall call, Request request);
}
