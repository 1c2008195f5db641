package dev.switchboard.health;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.internal.HttpHealthChecker;
import dev.switchboard.health.internal.TcpHealthChecker;
import dev.switchboard.transport.TlsConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of active health check (the checker SPI). Built in: {@link #http HTTP GET} of a path
 * expecting a status, and {@link #tcp TCP connect}. Transports add their own kinds (the gRPC
 * module adds {@code grpc.health.v1}) by implementing this interface.
 *
 * <p><b>Threading:</b> {@link #check} is called from the shared scheduler and must not block: start
 * the probe asynchronously and complete the future from the I/O thread. It must never throw and
 * never complete exceptionally; report failures as {@link HealthCheckResult#unhealthy}. At most one
 * check per endpoint is in flight at a time. Implementations are shared by all endpoints of a
 * destination and must be thread-safe.
 */
public interface HealthChecker {
  /**
   * Probes {@code endpoint}, giving up after {@code timeout} with an unhealthy result.
   */
  CompletableFuture<HealthCheckResult> check(Endpoint endpoint, Duration timeout);

  /** What this checker does, for logs, e.g. {@code "HTTP GET /health expecting 200"}. */
  String describe();

  /**
   * This checker as the client of a destination runs it: a client calls it once, so that probes
   * go over the client's {@code scheme} ({@code http} or {@code https}) with its TLS material
   * (trust, client certificate, hostname verification). The built-in {@link #http} checker uses
   * both; checkers that do not speak HTTP (TCP, gRPC) return themselves, the default.
   *
   * @throws IllegalArgumentException if this checker cannot honour {@code tls}
   */
  default HealthChecker forClient(String scheme, TlsConfig tls) {
    return this;
  }

  /**
   * HTTP/1.1 {@code GET <scheme>://host:port<path>} with the JDK's HTTP client; healthy when the
   * status equals {@code expectedStatus}. The scheme and TLS material are the client's (see
   * {@link #forClient}); plain {@code http} until a client binds it.
   *
   * @throws IllegalArgumentException if the path does not start with {@code /} or the status is
   *     not 100..599
   */
  static HealthChecker http(String path, int expectedStatus) {
    return new HttpHealthChecker(path, expectedStatus);
  }

  /** {@link #http(String, int)} expecting 200. */
  static HealthChecker http(String path) {
    return http(path, 200);
  }

  /** Healthy when a TCP connection to the endpoint is accepted within the timeout. */
  static HealthChecker tcp() {
    return new TcpHealthChecker();
  }
}
