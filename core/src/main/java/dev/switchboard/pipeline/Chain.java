package dev.switchboard.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * A filter's view of the rest of the pipeline: an immutable cursor, so {@link #proceed} may be
 * called more than once (retries) and concurrently (hedges). Thread-safe.
 */
public interface Chain {
  /** The call this chain serves: deadline, context, attempts so far, telemetry. */
  Call call();

  /** Passes {@code request} to the next filter, or to the endpoint attempt at the end. */
  CompletableFuture<Response> proceed(Request request);
}
