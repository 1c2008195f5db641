package dev.switchboard.health.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckResult;
import dev.switchboard.health.HealthChecker;
import dev.switchboard.transport.TlsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 {@code GET} of a path with the JDK's client; healthy on the expected status. Over
 * {@code http}, and over {@code https} with the JVM's default TLS, one client (one selector
 * thread) serves every health check in the process; a client's own TLS material gets a JDK client
 * of its own, shared by every checker bound to that same {@link TlsConfig} and dropped with it.
 * Thread-safe.
 */
public final class HttpHealthChecker implements HealthChecker {
  /** JDK clients per TLS configuration; weak keys, so a configuration no client uses lets its JDK client go. */
  private static final Map<TlsConfig, HttpClient> TLS_CLIENTS = Collections.synchronizedMap(new WeakHashMap<>());

  private final String path;
  private final int expectedStatus;
  private final String scheme;
  private final TlsConfig tls; // null: the shared client

  public HttpHealthChecker(String path, int expectedStatus) {
    this(path, expectedStatus, "http", null);
  }

  private HttpHealthChecker(String path, int expectedStatus, String scheme, TlsConfig tls) {
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
    this.scheme = scheme;
    this.tls = tls;
  }

  @Override
  public HealthChecker forClient(String scheme, TlsConfig tls) {
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("HTTP health checks need http or https, not " + scheme);
    }
    if (scheme.equals("http") || tls.isDefault()) {
      return new HttpHealthChecker(path, expectedStatus, scheme, null);
    }
    if (!tls.hostnameVerification() && !tls.contextSkipsHostnameVerification()) {
      throw new IllegalArgumentException("HTTP health checks run on java.net.http, which can turn hostname"
          + " verification off only JVM-wide, not for an SSLContext you built: give the trust material as"
          + " files (TlsConfig.trustCertificatesPem/trustStore) or keep hostname verification on");
    }
    return new HttpHealthChecker(path, expectedStatus, scheme, tls);
  }

  private HttpClient client() {
    return tls == null ? Holder.CLIENT : TLS_CLIENTS.computeIfAbsent(tls, t -> newClient().sslContext(t.sslContext()).build());
  }

  private static HttpClient.Builder newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance for a probe
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER);
  }

  @Override
  public CompletableFuture<HealthCheckResult> check(Endpoint endpoint, Duration timeout) {
    String what = (scheme.equals("https") ? "HTTPS" : "HTTP") + " GET " + path;
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(scheme + "://" + endpoint.address() + path))
          .timeout(timeout)
          .header("user-agent", "switchboard-health-check")
          .GET()
          .build();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(HealthCheckResult.unhealthy(what + " could not be built: " + e.getMessage()));
    }
    return client().sendAsync(request, HttpResponse.BodyHandlers.discarding())
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
    return (scheme.equals("https") ? "HTTPS" : "HTTP") + " GET " + path + " expecting " + expectedStatus
        + (tls == null ? "" : " (" + tls + ")");
  }

  /** Lazily created: processes without HTTP health checks never start the client's threads. */
  private static final class Holder {
    static final HttpClient CLIENT = newClient().build();
  }
}
