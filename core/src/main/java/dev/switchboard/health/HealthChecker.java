package dev.switchboard.health;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.internal.HttpHealthChecker;
import dev.switchboard.health.internal.TcpHealthChecker;
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
   * HTTP/1.1 {@code GET http://host:port<path>} with the JDK's HTTP client; healthy when the
   * status equals {@code expectedStatus}.
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
