package dev.switchboard.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.testing.PrometheusProcess;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's, installed by {@code .ci/run}) scrapes a real registry endpoint on
 * loopback while a real client calls real servers; its query API must return the call and attempt
 * series with the expected labels. Skipped only when the binary is absent outside CI.
 */
class MicrometerTelemetryWithPrometheusTest {
  private static PrometheusMeterRegistry registry;
  private static HttpServer scrape;
  private static PrometheusProcess prometheus;
  private static ScriptedServers replicas;
  private static HttpServiceClient client;

  @BeforeAll
  static void start() throws IOException {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(PrometheusProcess.isInstalled(),
          "prometheus is not installed here: skipping the real-Prometheus test (.ci/run installs it; CI never skips)");
    }
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    scrape = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    scrape.createContext("/metrics", exchange -> {
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    scrape.start();
    prometheus = PrometheusProcess.scraping("127.0.0.1:" + scrape.getAddress().getPort(), "/metrics");
    replicas = ScriptedServers.start(2);
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));
    replicas.route("GET", "/missing/{id}", Reply.json(404, "{}"));
    client = new HttpServiceClient(ServiceConfig.builder().name("users").target(replicas.staticTarget())
        .telemetry(MicrometerTelemetry.create(registry)).build());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (replicas != null) {
      replicas.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (scrape != null) {
      scrape.stop(0);
    }
  }

  @Test
  void prometheusFindsTheCallAndAttemptSeriesWithTheirLabels() {
    for (int i = 0; i < 10; i++) {
      client.get(PathTemplate.expand("/users/{id}", Integer.toString(i)), String.class);
    }
    try {
      client.get(PathTemplate.expand("/missing/{id}", "1"), String.class);
    } catch (RuntimeException expected) {
      // a 404: recorded as a failed call
    }

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      String attempts = prometheus.query(
          "http_client_request_duration_seconds_count{url_template=\"/users/{id}\",http_response_status_code=\"200\"}");
      assertThat(attempts).contains("\"status\":\"success\"")
          .contains("\"switchboard_service\":\"users\"")
          .contains("\"server_address\":\"users\"")
          .contains("\"http_request_method\":\"GET\"")
          .contains("\"error_type\":\"none\"")
          .contains("\"http_request_resend_count\":\"0\"")
          .contains("\"job\":\"switchboard-test\"")
          .contains("\"10\"]"); // ten attempts
      String calls = prometheus.query("switchboard_client_call_duration_seconds_count");
      assertThat(calls).contains("\"url_template\":\"/users/{id}\"")
          .contains("\"switchboard_outcome\":\"success\"")
          .contains("\"url_template\":\"/missing/{id}\"")
          .contains("\"switchboard_error_kind\":\"client_error\"");
      String buckets = prometheus.query(
          "http_client_request_duration_seconds_bucket{url_template=\"/users/{id}\",le=\"+Inf\"}");
      assertThat(buckets).contains("\"10\"]");
      String endpoints = prometheus.query("switchboard_client_endpoints{state=\"available\"}");
      assertThat(endpoints).contains("\"2\"]");
    });
  }
}
