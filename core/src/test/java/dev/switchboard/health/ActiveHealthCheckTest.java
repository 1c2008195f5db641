package dev.switchboard.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.internal.ActiveHealthChecks;
import dev.switchboard.time.Timer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Active checks against real loopback servers: the JDK's HTTP server and a plain TCP listener. */
class ActiveHealthCheckTest {
  private HttpServer server;
  private final AtomicInteger status = new AtomicInteger(200);
  private final AtomicInteger hits = new AtomicInteger();
  private ScheduledExecutorService scheduler;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> {
      hits.incrementAndGet();
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    scheduler.shutdownNow();
  }

  private Endpoint endpoint() {
    return Endpoint.of("127.0.0.1", server.getAddress().getPort());
  }

  @Test
  void httpCheckPassesOnTheExpectedStatusAndFailsOnAnyOther() {
    HealthChecker checker = HealthChecker.http("/health", 200);
    assertThat(checker.check(endpoint(), Duration.ofSeconds(2)).join())
        .isEqualTo(HealthCheckResult.healthy("HTTP GET /health returned 200"));
    status.set(503);
    assertThat(checker.check(endpoint(), Duration.ofSeconds(2)).join())
        .isEqualTo(HealthCheckResult.unhealthy("HTTP GET /health returned 503, expected 200"));
  }

  @Test
  void tcpCheckPassesWhenAConnectionIsAcceptedAndFailsWhenRefused() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(HealthChecker.tcp().check(Endpoint.of("127.0.0.1", s.getLocalPort()), Duration.ofSeconds(2)).join()
          .healthy()).isTrue();
      closedPort = s.getLocalPort();
    }
    HealthCheckResult r = HealthChecker.tcp().check(Endpoint.of("127.0.0.1", closedPort), Duration.ofSeconds(2)).join();
    assertThat(r.healthy()).isFalse();
    assertThat(r.detail()).startsWith("TCP connect failed");
  }

  @Test
  void flipsToUnhealthyAfterTheThresholdAndBackAfterTheHealthyThreshold() {
    List<String> transitions = new CopyOnWriteArrayList<>();
    HealthCheckPolicy options = HealthCheckPolicy.builder(HealthChecker.http("/health"))
        .interval(Duration.ofMillis(50)).jitter(Duration.ofMillis(10)).timeout(Duration.ofSeconds(1))
        .unhealthyThreshold(3).healthyThreshold(2).build();
    try (ActiveHealthChecks checks = new ActiveHealthChecks(options, Timer.of(scheduler), new SplittableRandom(1),
        (e, healthy, detail) -> transitions.add((healthy ? "healthy: " : "unhealthy: ") + detail))) {
      checks.sync(List.of(endpoint()));
      await().atMost(Duration.ofSeconds(5)).until(() -> hits.get() >= 3);
      assertThat(transitions).isEmpty(); // new endpoints start healthy; passes change nothing

      status.set(500);
      await().atMost(Duration.ofSeconds(5)).until(() -> !transitions.isEmpty());
      assertThat(transitions).containsExactly(
          "unhealthy: HTTP GET /health returned 500, expected 200 (3 failures in a row)");

      status.set(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> transitions.size() == 2);
      assertThat(transitions.get(1)).isEqualTo("healthy: HTTP GET /health returned 200 (2 passes in a row)");

      checks.sync(List.of());
      assertThat(checks.size()).isZero();
    }
  }

  @Test
  void rejectsBadSettingsNamingTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthChecker.http("health"))
        .hasMessageContaining("must start with '/'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthChecker.http("/h", 700))
        .hasMessageContaining("expectedStatus must be 100..599: 700");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HealthCheckPolicy.builder(HealthChecker.tcp()).interval(Duration.ZERO).build())
        .hasMessage("interval must be > 0: PT0S");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HealthCheckPolicy.builder(HealthChecker.tcp()).unhealthyThreshold(0).build())
        .hasMessage("unhealthyThreshold must be >= 1: 0");
  }
}
