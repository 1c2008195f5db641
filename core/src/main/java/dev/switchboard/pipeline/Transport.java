package dev.switchboard.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one attempt to one endpoint: the only thing a transport does. Picking the endpoint,
 * retries, hedges, deadlines, budgets, breaker, limit and statistics are the pipeline's
 * ({@link CallPipeline}); a transport adapts one wire protocol (the HTTP module's
 * {@code java.net.http} transport, for one) and reports the outcome.
 *
 * <p><b>Contract.</b> The returned future completes with the response (any status: the
 * pipeline's {@link ResponseClassifier} judges it), or exceptionally with a
 * {@link dev.switchboard.errors.ServiceCallException} ({@code CONNECT_FAILED} with
 * {@code neverSent} when nothing reached the server, {@code TIMEOUT}, {@code DEADLINE_EXCEEDED},
 * {@code RESPONSE_TOO_LARGE}, ...). Write the wire headers from {@link Attempt} (correlation id,
 * trace, remaining time of {@link Attempt#deadline()}, attempt number, hedge flag) and give up at
 * that deadline. Cancelling the returned future must abort the exchange on the wire, so the
 * server sees it, and the connection is not reused.
 *
 * <p><b>Threading.</b> {@code send} is called concurrently for every attempt of every call. It
 * must not block, except when {@link Attempt#mayRunInline()} says the calling thread may run the
 * exchange itself. It should not throw; anything thrown fails that attempt only.
 */
@FunctionalInterface
public interface Transport {
  /** Sends {@code request} as {@code attempt}. */
  CompletableFuture<Response> send(Attempt attempt, Request request);

  /**
   * True when this transport can abort an exchange it runs inline ({@link Attempt#mayRunInline()})
   * from another thread: it registers the abort with {@link Attempt#onAbort} before it blocks, and
   * the exchange then ends at once, its connection closed. The pipeline then lets the first
   * attempt of a blocking call that may be hedged run on the caller's thread too: it arms the hedge
   * timer first, sends a hedge from the timer if the attempt is slow, and aborts whichever attempt
   * loses. False (the default): such calls run every attempt on the transport's own threads, so a
   * losing attempt can be cancelled through its future. Must not change over the transport's life.
   */
  default boolean abortsInline() {
    return false;
  }

  /**
   * True when every exchange this transport runs inline ({@link Attempt#mayRunInline()}) ends by
   * itself at its attempt's deadline, however the server behaves, as that method's contract asks.
   * The pipeline then arms a blocking call's deadline timer only if the call is still running
   * once the caller's thread returns from its inline part: a call answered inline (nearly every
   * blocking call) arms none. False (the default): the timer is armed before the first attempt,
   * and at the deadline it also aborts an inline exchange through {@link Attempt#onAbort}. Every
   * {@code HttpTransport} answers true: its contract promises the deadline. Must not change over
   * the transport's life.
   */
  default boolean endsInlineExchangesByDeadline() {
    return false;
  }

  /**
   * The protocol this transport speaks, as telemetry names it: {@code CallInfo.HTTP} (the
   * default) or {@code CallInfo.GRPC}. Metrics follow the HTTP or the RPC semantic conventions
   * accordingly, and for gRPC the full method name serves as the path template.
   */
  default String protocol() {
    return dev.switchboard.telemetry.CallInfo.HTTP;
  }
}
