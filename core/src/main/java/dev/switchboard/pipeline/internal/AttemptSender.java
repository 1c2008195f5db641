package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one attempt of a call: {@link EndpointAttempt} in production (pick, statistics,
 * transport, classification). An attempt that cannot go out (no endpoint left, every one backing
 * off) fails with a {@link dev.switchboard.errors.RejectedCallException} and counts no attempt.
 * Thread-safe, non-blocking.
 */
@FunctionalInterface
public interface AttemptSender {
  /**
   * Sends {@code request} as the next attempt of {@code call}; {@code hedge} marks an extra
   * copy sent while another attempt may still answer (it never reuses an endpoint).
   */
  CompletableFuture<Response> send(RealCall call, Request request, boolean hedge);
}
