package dev.switchboard.transport;

/**
 * Makes the transport of one client: the SPI behind {@code ServiceConfig.Builder.transport(...)}.
 * Core knows no wire protocol, so this interface only names the choice; each protocol module
 * defines what its factories make (switchboard-http's {@code HttpTransportFactory}, with
 * {@code HttpTransportFactory.apache()} and {@code jdk()}) and rejects a factory of another
 * protocol with an error naming it. A client calls its factory once and closes what it made when
 * the client closes.
 *
 * <p>Implementations must be immutable and thread-safe: one factory may serve many clients.
 */
public interface TransportFactory {
  /** A short name for logs, errors and benchmarks, e.g. {@code apache} or {@code jdk}. */
  default String name() {
    return getClass().getSimpleName();
  }
}
