package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.transport.ConnectionPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport keys: a transport found by name, TLS material read from real files and used in
 * real handshakes with a loopback HTTPS server (certificates made in the test), connection pool
 * settings, and every mistake reported against its key without quoting a password. Calls go
 * through {@code java.net.http} with the bound {@code SSLContext}: core has no HTTP client of its
 * own; switchboard-http and the starter test the same keys through Switchboard's transports.
 */
class ClientConfigsWithTransportTest {
  private static final String P = "switchboard.clients.users.";

  @TempDir
  static Path dir;
  private static TestTlsMaterial server;
  private static TestTlsMaterial otherHost;
  private static TestTlsMaterial client;

  @BeforeAll
  static void makeCertificates() throws Exception {
    server = TestTlsMaterial.create(dir, "server", "ip:127.0.0.1");
    otherHost = TestTlsMaterial.create(dir, "other", "dns:other.example");
    client = TestTlsMaterial.create(dir, "client", "dns:client.example");
  }

  private static ServiceConfig bind(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(P + keyValues[i], keyValues[i + 1]);
    }
    return ClientConfigs.bind(ConfigSource.of(m)).get("users");
  }

  private static String problems(String... keyValues) {
    try {
      bind(keyValues);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException");
  }

  /** GET /hello over the bound config's own TLS context; the body, or the handshake's failure. */
  private static String hello(ServiceConfig config, HttpsServer https) throws Exception {
    SSLContext context = config.tls().sslContext();
    HttpClient http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/hello")).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (java.io.IOException e) {
      return "failed: " + e;
    }
  }

  private static String target(HttpsServer https) {
    return "static:127.0.0.1:" + https.getAddress().getPort();
  }

  @Test
  void aTransportIsFoundByNameAndAnUnknownNameListsTheTransportsFound() {
    ServiceConfig chosen = bind("target", "static:127.0.0.1:1", "transport", "Loopback-Test");
    assertThat(chosen.transport()).containsSame(TestTransportProviders.LOOPBACK);
    assertThat(bind("target", "static:127.0.0.1:1").transport()).isEmpty();

    assertThat(problems("target", "static:127.0.0.1:1", "transport", "okhttp")).isEqualTo(
        "invalid Switchboard configuration: " + P + "transport: no transport \"okhttp\"; transports found: loopback-test,"
            + " was \"okhttp\"");
  }

  @Test
  void pemTrustAndAClientCertificateFromKeysCallAServerThatDemandsMutualTls() throws Exception {
    HttpsServer https = server.serve(client);
    try {
      ServiceConfig mtls = bind("target", target(https),
          "tls.trust-certificates", server.certificatePem().toString(),
          "tls.certificate-chain", client.certificatePem().toString(),
          "tls.private-key", client.keyPem().toString());
      ServiceConfig noClientCertificate = bind("target", target(https),
          "tls.trust-certificates", server.certificatePem().toString());

      assertThat(mtls.scheme()).as("TLS material on a target turns https on").isEqualTo("https");
      assertThat(hello(mtls, https)).isEqualTo("hello CN=client");
      assertThat(hello(noClientCertificate, https)).startsWith("failed:");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void storesWithPasswordsFromTheEnvironmentWorkLikePemFiles() throws Exception {
    HttpsServer https = server.serve(client);
    try {
      Map<String, String> properties = Map.of(
          P + "base-url", "https://127.0.0.1:" + https.getAddress().getPort(),
          P + "tls.trust-store", server.store().toString(),
          P + "tls.key-store", client.store().toString());
      Map<String, String> environment = Map.of(
          "SWITCHBOARD_CLIENTS_USERS_TLS_TRUST_STORE_PASSWORD", TestTlsMaterial.PASSWORD,
          "SWITCHBOARD_CLIENTS_USERS_TLS_KEY_STORE_PASSWORD", TestTlsMaterial.PASSWORD);
      ServiceConfig users = ClientConfigs.bind(ConfigSource.layered(ConfigSource.environment(environment),
          ConfigSource.of(properties))).get("users");

      assertThat(hello(users, https)).isEqualTo("hello CN=client");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefusedUntilHostnameVerificationIsTurnedOff() throws Exception {
    HttpsServer https = otherHost.serve(null);
    try {
      String trust = otherHost.certificatePem().toString();
      ServiceConfig verifying = bind("target", target(https), "tls.trust-certificates", trust);
      ServiceConfig lax = bind("target", target(https), "tls.trust-certificates", trust,
          "tls.hostname-verification", "false");

      assertThat(hello(verifying, https)).startsWith("failed:");
      assertThat(hello(lax, https)).isEqualTo("hello anonymous");
      assertThat(lax.tls().hostnameVerification()).isFalse();
    } finally {
      https.stop(0);
    }
  }

  @Test
  void connectionKeysBindOntoTheConnectionPolicy() {
    ConnectionPolicy c = bind("target", "static:127.0.0.1:1",
        "connections.protocol", "HTTP/2",
        "connections.max-per-endpoint", "16",
        "connections.max-total", "32",
        "connections.idle-timeout", "20s",
        "connections.validate-after-inactivity", "500ms",
        "connections.max-lifetime", "2m",
        "connections.io-threads", "3").connections();

    assertThat(c.protocol()).isEqualTo(ConnectionPolicy.Protocol.HTTP_2);
    assertThat(c.maxConnectionsPerEndpoint()).isEqualTo(16);
    assertThat(c.maxConnectionsTotal()).isEqualTo(32);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.validateAfterInactivity()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxLifetime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.ioThreads()).isEqualTo(3);
    assertThat(bind("target", "static:127.0.0.1:1").connections().toString())
        .isEqualTo(ConnectionPolicy.defaults().toString());
  }

  @Test
  void badConnectionValuesAreReportedAgainstTheirKeys() {
    assertThat(problems("target", "static:127.0.0.1:1", "connections.max-per-endpoint", "100",
        "connections.max-total", "50")).contains(P + "connections.max-total: must be >= connections.max-per-endpoint"
        + " (100), was \"50\"");
    assertThat(problems("target", "static:127.0.0.1:1", "connections.protocol", "spdy"))
        .contains(P + "connections.protocol: must be http/1.1 or http/2 (h2), was \"spdy\"");
    assertThat(problems("target", "static:127.0.0.1:1", "connections.io-threads", "0"))
        .contains(P + "connections.io-threads: must be 1..64");
  }

  @Test
  void tlsMistakesNameTheKeyAndTheFileAndNeverThePassword() {
    String missing = dir.resolve("nope.pem").toString();
    assertThat(problems("target", "static:127.0.0.1:1", "tls.trust-certificates", missing))
        .contains(P + "tls.trust-certificates: no such file, was \"" + missing + "\"");
    assertThat(problems("target", "static:127.0.0.1:1", "tls.certificate-chain", client.certificatePem().toString()))
        .contains("tls.private-key is missing");
    assertThat(problems("target", "static:127.0.0.1:1", "tls.trust-certificates", server.certificatePem().toString(),
        "tls.trust-store", server.store().toString())).contains("set tls.trust-certificates or tls.trust-store, not both");

    String wrongPassword = problems("target", "static:127.0.0.1:1", "tls.trust-store", server.store().toString(),
        "tls.trust-store-password", "hunter2-secret");
    assertThat(wrongPassword).contains(P + "tls.trust-store: ").contains("wrong password")
        .doesNotContain("hunter2-secret");
  }

  @Test
  void tlsSettingsThatCannotApplyAreRefused() {
    String trust = server.certificatePem().toString();
    assertThat(problems("base-url", "http://127.0.0.1:1", "tls.trust-certificates", trust))
        .contains(P + "tls.trust-certificates: TLS settings for a client whose base-url is not https");
    assertThat(problems("target", "static:127.0.0.1:1", "tls.enabled", "false", "tls.trust-certificates", trust))
        .contains(P + "tls.enabled: is false, but tls.trust-certificates is set");
    assertThat(problems("base-url", "https://127.0.0.1:1", "tls.enabled", "true"))
        .contains(P + "tls.enabled: applies to a target");
  }
}
