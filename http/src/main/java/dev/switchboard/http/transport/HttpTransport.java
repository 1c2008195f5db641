package dev.switchboard.http.transport;

import dev.switchboard.pipeline.Transport;
import java.util.Set;

/**
 * One client's HTTP connection machinery: it sends one attempt at a time for the pipeline and owns
 * the connections, pools and threads behind it. Made by an {@link HttpTransportFactory} for one
 * client and closed with it.
 *
 * <p>The promises every implementation keeps (the transport contract suite checks each of them
 * against hostile servers):
 * <ul>
 *   <li>The attempt ends by its deadline, body included, however slowly the server writes, and the
 *       connection it used is closed by then.
 *   <li>Exactly one request goes on the wire per attempt: no retries of its own and no redirects
 *       followed (a 3xx is a response like any other). Retrying is the pipeline's job.
 *   <li>A broken status line, a non-HTTP answer, bad chunking, a truncated body or oversize headers
 *       fail with {@code PROTOCOL_ERROR}; {@code CONNECT_FAILED} only when nothing was received
 *       (with {@code neverSent} only when the request provably never left).
 *   <li>A body over {@code maxResponseBytes} fails with {@code RESPONSE_TOO_LARGE}, never retried,
 *       and no more than that limit is ever buffered.
 *   <li>Cancelling the future {@link #send} returned, from any thread, aborts the exchange on the
 *       wire (its connection is closed, or its HTTP/2 stream reset).
 *   <li>Its thread count is bounded by a documented limit, and after {@link #close()} it holds no
 *       connection and no thread.
 * </ul>
 * A transport whose client library makes one of these impossible declares it in {@link #limits()}.
 *
 * <p>Threading: {@link #send} is called concurrently from any thread. It must not block, except
 * when the pipeline lets the attempt run on the calling thread (a blocking caller that would
 * otherwise just wait); then it may run the whole exchange there.
 */
public interface HttpTransport extends Transport, AutoCloseable {
  /** A short name for logs and benchmarks: {@code apache}, {@code jdk}. */
  String name();

  /**
   * The promises above this transport cannot keep, with the exact behaviour instead (see each
   * {@link TransportLimit}); empty, the default, for a transport that keeps them all.
   */
  default Set<TransportLimit> limits() {
    return Set.of();
  }

  /**
   * True: an {@code HttpTransport} ends every attempt by its deadline (the first promise above),
   * inline exchanges included, so the pipeline needs no deadline timer of its own while a blocking
   * call's exchange runs on the caller's thread.
   */
  @Override
  default boolean endsInlineExchangesByDeadline() {
    return true;
  }

  /**
   * Aborts exchanges in flight, closes every connection and stops every thread of this transport.
   * Idempotent. Attempts sent afterwards fail.
   */
  @Override
  void close();
}
