package dev.switchboard.health.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckResult;
import dev.switchboard.health.HealthChecker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 {@code GET} of a path with the JDK's client; healthy on the expected status. One client
 * (one selector thread) serves every health check in the process. Thread-safe.
 */
public final class HttpHealthChecker implements HealthChecker {
  private final String path;
  private final int expectedStatus;

  public HttpHealthChecker(String path, int expectedStatus) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("health check path must start with '/': \"" + path + "\"");
    }
    if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("health check path must not contain spaces or control characters: \"" + path + "\"");
    }
    if (expectedStatus < 100 || expectedStatus > 599) {
      throw new IllegalArgumentException("expectedStatus must be 100..599: " + expectedStatus);
    }
    this.path = path;
    this.expectedStatus = expectedStatus;
  }

  @Override
  public CompletableFuture<HealthCheckResult> check(Endpoint endpoint, Duration timeout) {
    String what = "HTTP GET " + path;
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create("http://" + endpoint.address() + path))
          .timeout(timeout)
          .header("user-agent", "switchboard-health-check")
          .GET()
          .build();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(HealthCheckResult.unhealthy(what + " could not be built: " + e.getMessage()));
    }
    return Holder.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, error) -> {
          if (error != null) {
            Throwable t = error.getCause() != null ? error.getCause() : error;
            return HealthCheckResult.unhealthy(what + " failed: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : " " + t.getMessage()));
          }
          int status = response.statusCode();
          return status == expectedStatus
              ? HealthCheckResult.healthy(what + " returned " + status)
              : HealthCheckResult.unhealthy(what + " returned " + status + ", expected " + expectedStatus);
        });
  }

  @Override
  public String describe() {
    return "HTTP GET " + path + " expecting " + expectedStatus;
  }

  /** Lazily created: processes without HTTP health checks never start the client's threads. */
  private static final class Holder {
    static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance for a probe
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
