package dev.switchboard.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one attempt to one endpoint. The HTTP module implements it on {@code java.net.http}.
 *
 * <p>Contract: the returned future completes with the response (any status), or exceptionally
 * with a {@link dev.switchboard.errors.ServiceCallException} ({@code CONNECT_FAILED},
 * {@code TIMEOUT}, {@code DEADLINE_EXCEEDED}, {@code RESPONSE_TOO_LARGE}, ...). Cancelling the
 * future aborts the exchange on the wire, and the connection is not reused. Must not block.
 */
@FunctionalInterface
public interface Transport {
  /** Sends {@code request} as {@code attempt}. */
  CompletableFuture<Response> send(Attempt attempt, Request request);
}
