package dev.switchboard.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.HealthChecker;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.transport.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active HTTP health checks use the client's own scheme and TLS material: against a server that
 * demands a client certificate, a client's checks get through only because they present the same
 * certificate and trust the same private CA as its calls.
 */
class HealthChecksWithTlsTest {
  @TempDir
  Path dir;

  private static ServiceConfig.Builder checked(String baseUrl, TlsConfig tls, TelemetryListener telemetry) {
    return ServiceConfig.builder().baseUrl(baseUrl).maxRetries(0).tls(tls).telemetry(telemetry)
        .balancing(BalancingPolicy.builder().healthCheck(HealthCheckPolicy.builder(HealthChecker.http("/health"))
            .interval(Duration.ofMillis(100)).jitter(Duration.ofMillis(10)).unhealthyThreshold(1).build()).build());
  }

  @Test
  void healthChecksOfAnMtlsClientPresentItsCertificateAndTrustItsCa() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    TestCertificates client = TestCertificates.create(dir, "client", "dns:client.example");
    TlsConfig mtls = TlsConfig.builder().trustCertificatesPem(server.certificatePem())
        .certificateChainPem(client.certificatePem()).privateKeyPem(client.privateKeyPem()).build();
    List<String> unhealthy = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {
        if (!healthy) {
          unhealthy.add(reason);
        }
      }
    };
    try (TlsServer https = TlsServer.start(server.context(client), true);
        HttpServiceClient withCert = new HttpServiceClient(checked(https.baseUrl(), mtls, telemetry).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> https.handled("/health") >= 3);
      assertThat(withCert.request("GET", "/hello").exchange().status()).isEqualTo(200);
      assertThat(unhealthy).isEmpty();
    }
  }

  @Test
  void healthChecksOfAClientWithoutTheCertificateFailAndMarkTheEndpointUnhealthy() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    TestCertificates client = TestCertificates.create(dir, "client", "dns:client.example");
    TlsConfig trustOnly = TlsConfig.builder().trustCertificatesPem(server.certificatePem()).build();
    List<String> unhealthy = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {
        if (!healthy) {
          unhealthy.add(reason);
        }
      }
    };
    try (TlsServer https = TlsServer.start(server.context(client), true);
        HttpServiceClient noCert = new HttpServiceClient(checked(https.baseUrl(), trustOnly, telemetry).build())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !unhealthy.isEmpty());
      assertThat(unhealthy.get(0)).contains("HTTPS GET /health");
      assertThat(https.handled("/health")).isZero();
    }
  }

  @Test
  void aHealthCheckThatCannotHonourTheClientsTlsIsRefusedWhenTheClientIsBuilt() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server", "ip:127.0.0.1");
    TlsConfig givenContextWithoutVerification = TlsConfig.builder().sslContext(server.context(server))
        .hostnameVerification(false).build();
    assertThatThrownBy(() -> new HttpServiceClient(checked("https://127.0.0.1:1", givenContextWithoutVerification,
        TelemetryListener.NOOP).transport(HttpTransportFactory.apache()).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP health checks");
  }
}
