package dev.switchboard.errors;

import java.time.Duration;

/**
 * Where and how a failed call was made, for error messages. Never holds credentials.
 *
 * @param service the logical service name
 * @param method the HTTP method or gRPC method name
 * @param path the request path (without query string, so secrets in queries never reach logs)
 * @param endpoint the last endpoint tried, or {@code "-"} when none was reached
 * @param attempts attempts made (0 when the call failed before its first attempt)
 * @param elapsed time since the call started
 * @param correlationId the call's correlation id, or {@code "-"}
 */
public record CallDetails(
    String service, String method, String path, String endpoint, int attempts, Duration elapsed,
    String correlationId) {

  @Override
  public String toString() {
    return "service=" + service + ", " + method + " " + path + ", endpoint=" + endpoint
        + ", attempts=" + attempts + ", elapsed=" + elapsed.toMillis() + "ms, correlation-id="
        + correlationId;
  }
}
