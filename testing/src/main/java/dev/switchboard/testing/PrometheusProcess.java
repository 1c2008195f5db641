package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus server (Debian's {@code prometheus}, which {@code .ci/run} installs) on
 * 127.0.0.1 with a free port, its own config and a temporary data dir, scraping one target every
 * second. {@link #query(String)} runs an instant PromQL query through the HTTP API and returns
 * the raw JSON. Start one per test class; {@link #close()} stops it (by PID) and deletes its
 * files. Not thread-safe.
 *
 * <pre>{@code
 * try (PrometheusProcess prometheus = PrometheusProcess.scraping("127.0.0.1:" + port, "/metrics")) {
 *   await().until(() -> prometheus.query("up").contains("\"1\""));
 * }
 * }</pre>
 */
public final class PrometheusProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private Process process;

  private PrometheusProcess(Path dir) {
    this.port = ExternalProcess.freePort();
    this.dir = dir;
  }

  /** True when the {@code prometheus} binary is installed here. */
  public static boolean isInstalled() {
    return ExternalProcess.installed("prometheus");
  }

  /**
   * Starts Prometheus scraping {@code http://target + metricsPath} every second and waits until
   * it is ready.
   *
   * @param target {@code host:port} of the endpoint to scrape, on loopback
   */
  public static PrometheusProcess scraping(String target, String metricsPath) {
    try {
      PrometheusProcess p = new PrometheusProcess(Files.createTempDirectory("prometheus-"));
      p.start(target, metricsPath);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Runs an instant query ({@code /api/v1/query}) and returns the response body (JSON). */
  public String query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  private String get(String pathAndQuery) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted querying Prometheus", e);
    }
  }

  private boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void start(String target, String metricsPath) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: switchboard-test",
        "    metrics_path: " + metricsPath,
        "    static_configs:",
        "      - targets: ['" + target + "']",
        ""));
    List<String> cmd = List.of(ExternalProcess.binary("prometheus"),
        "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn");
    Path log = dir.resolve("prometheus.log");
    process = ExternalProcess.launch(cmd, log);
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> !process.isAlive() || ready());
    } catch (ConditionTimeoutException e) {
      ExternalProcess.stop(process);
      throw new IllegalStateException("prometheus did not become ready on " + url() + ":\n" + ExternalProcess.tail(log), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("prometheus exited (" + process.exitValue() + "):\n" + ExternalProcess.tail(log));
    }
  }

  @Override
  public void close() {
    ExternalProcess.stop(process);
    ExternalProcess.deleteRecursively(dir);
  }

  @Override
  public String toString() {
    return "PrometheusProcess[" + url() + "]";
  }
}
