package dev.switchboard.health;

import java.util.Objects;

/**
 * The outcome of one active health check. Immutable.
 *
 * @param healthy true if the endpoint passed
 * @param detail what was seen, e.g. {@code "HTTP GET /health returned 503"}; shown in telemetry
 *     and in {@code NO_ENDPOINTS} errors
 */
public record HealthCheckResult(boolean healthy, String detail) {
  public HealthCheckResult {
    Objects.requireNonNull(detail, "detail");
  }

  /** A pass. */
  public static HealthCheckResult healthy(String detail) {
    return new HealthCheckResult(true, detail);
  }

  /** A failure. */
  public static HealthCheckResult unhealthy(String detail) {
    return new HealthCheckResult(false, detail);
  }
}
