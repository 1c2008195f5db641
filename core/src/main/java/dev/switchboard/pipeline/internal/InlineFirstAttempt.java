package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.util.concurrent.CompletableFuture;

/**
 * The first attempt of a hedged blocking call, run on the caller's own thread when the transport
 * can abort such an exchange from another ({@link dev.switchboard.pipeline.Transport#abortsInline()}).
 * The hedging engine holds a placeholder future for it, since the attempt's own future exists only
 * once the exchange ended: the placeholder completes with the attempt's outcome, and cancelling it
 * (a hedge won, the call ended) aborts the exchange through {@link RealCall#abortInline()}, which
 * makes the blocked thread return. Why inline at all: a blocking caller's thread would otherwise
 * only wait while an I/O thread did the work, two thread hand-offs per call (see the peer
 * benchmark in docs/BENCHMARKS.md).
 *
 * <p>Stateless.
 */
final class InlineFirstAttempt {
  private InlineFirstAttempt() {}

  /**
   * Sends the first attempt of {@code call} on this thread, which may block until the exchange
   * ends, and links its outcome to {@code first}. On return the caller's thread may no longer run
   * exchanges inline: a retry or hedge of a hedged call must never block it inside the run's serial
   * queue, where the hedge timer's events wait too.
   */
  static void run(RealCall call, Request request, AttemptSender attempts, CompletableFuture<Response> first) {
    first.whenComplete((r, e) -> {
      if (first.isCancelled()) {
        call.abortInline(); // the exchange blocks the caller's thread: close its connection from here
      }
    });
    CompletableFuture<Response> f;
    try {
      f = attempts.send(call, request, false);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    } finally {
      call.allowInlineOn(null);
    }
    CompletableFuture<Response> attempt = f;
    attempt.whenComplete((response, error) -> {
      if (error == null) {
        first.complete(response);
      } else {
        first.completeExceptionally(error);
      }
    });
    first.whenComplete((r, e) -> {
      if (first.isCancelled()) {
        attempt.cancel(true); // not inline after all (it waits for discovery): cancel it the usual way
      }
    });
  }
}
