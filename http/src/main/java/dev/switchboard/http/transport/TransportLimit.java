package dev.switchboard.http.transport;

/**
 * A promise of the {@link HttpTransport} contract that a transport cannot keep, because the client
 * library under it does not let it. A transport declares its limits in
 * {@link HttpTransport#limits()}; the contract suite then checks the exact documented behaviour
 * instead of the promise, so that a change either way (a regression, or a library release that
 * lifts the limit) fails the build and gets noticed. Switchboard's default transport (Apache
 * HttpClient 5) has none.
 */
public enum TransportLimit {
  /**
   * A {@code GET} or {@code HEAD} whose connection fails before a byte of the answer arrives (closed
   * or reset) is sent once more by the client library itself, inside the same attempt: at most two
   * requests on the wire per attempt, the pipeline's attempt count notwithstanding. Other methods
   * go out once. {@code java.net.http} (17 to 25): {@code MultiExchange} retries
   * {@code ConnectionExpiredException} for GET and HEAD, which {@code Http1AsyncReceiver} raises for
   * every connection, fresh or pooled; neither a per-client nor a JVM-wide setting turns it off
   * ({@code jdk.httpclient.disableRetryConnect} stops only connect retries).
   */
  RESENDS_GET_ONCE_WHEN_THE_CONNECTION_FAILS,
  /**
   * After a status line it cannot parse, the client library fails the exchange but does not close
   * its socket: up to one descriptor in {@code CLOSE_WAIT} per such answer (in the contract suite,
   * 960 or more of 1,000), held until the client is closed or collected. {@code java.net.http}
   * (seen on JDK 17 and 25).
   */
  KEEPS_THE_SOCKET_AFTER_A_BAD_STATUS_LINE,
  /**
   * {@link HttpTransport#close()} cannot stop one thread of the client library: it ends only once
   * the client is garbage collected. {@code java.net.http} before JDK 21 (its selector thread; 21
   * added {@code HttpClient.shutdownNow()}).
   */
  A_THREAD_OUTLIVES_CLOSE
}
