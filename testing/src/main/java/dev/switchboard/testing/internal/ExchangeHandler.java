package dev.switchboard.testing.internal;

import dev.switchboard.testing.Reply;

/**
 * Decides the reply to a parsed request (recording it on the way) and hears about aborts. Called
 * on connection threads concurrently, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface ExchangeHandler {
  /** The reply, and what to run if the client goes away before the reply is fully written. */
  record Dispatch(Reply reply, Runnable onAbort) {}

  Dispatch dispatch(ParsedRequest request, long connectionId);
}
