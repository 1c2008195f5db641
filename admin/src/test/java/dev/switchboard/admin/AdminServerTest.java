package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin server over real HTTP: the JSON document, its headers, its refusals, where it listens. */
class AdminServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private AdminServer admin;
  private HttpServer host;

  @AfterEach
  void stop() {
    if (admin != null) {
      admin.close();
    }
    if (host != null) {
      host.stop(0);
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theJsonDocumentListsARealClientsEndpointsAndPolicies() throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(2);
         HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().name("users")
             .target(replicas.staticTarget()).build())) {
      replicas.route("GET", "/users/{id}", Reply.json(200, "{}"));
      client.get(PathTemplate.expand("/users/{id}", "1"), String.class);
      admin = AdminServer.builder().clock(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC)).start();

      HttpResponse<String> r = get(admin.url() + "state.json");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).contains("application/json");
      assertThat(r.headers().firstValue("cache-control")).contains("no-store");
      JsonNode doc = json.readTree(r.body());
      assertThat(doc.get("generatedAt").asText()).isEqualTo("2026-11-27T12:00:00Z");
      JsonNode users = null;
      for (JsonNode d : doc.get("destinations")) { // every open client of this JVM is listed by default
        if (d.get("service").asText().equals("users") && d.get("discovery").get("target").asText()
            .equals(replicas.staticTarget())) {
          users = d;
        }
      }
      assertThat(users).isNotNull();
      assertThat(users.get("protocol").asText()).isEqualTo("http");
      assertThat(users.get("discovery").get("updates").asLong()).isEqualTo(1);
      assertThat(users.get("retryBudget").get("balance").asLong()).isPositive();
      assertThat(users.get("circuitBreaker").isNull()).isTrue();
      assertThat(users.get("hedgeDelayMillis").asDouble()).as("default hedging shows its live delay").isPositive();
      assertThat(users.get("endpoints")).hasSize(2);
      long successes = 0;
      for (JsonNode e : users.get("endpoints")) {
        assertThat(replicas.endpointAddresses()).contains(e.get("address").asText());
        assertThat(e.get("healthy").asBoolean()).isTrue();
        successes += e.get("successes").asLong();
      }
      assertThat(successes).isEqualTo(1);
    }
  }

  /** A destination whose strings are hostile, to check they never become markup. */
  private static DestinationState hostile() {
    String evil = "</script><img src=x onerror=alert(1)>\"\\\u2028";
    EndpointState endpoint = new EndpointState("10.0.0.1:80", evil, 1, 2, true, true, Duration.ofSeconds(3), evil,
        Duration.ZERO, Double.NaN, 0, 0, 0);
    return new DestinationState() {
      @Override public String service() { return evil; }
      @Override public String protocol() { return "http"; }
      @Override public DiscoveryStatus discovery() { return new DiscoveryStatus(evil, 1, 0, evil); }
      @Override public Optional<Duration> sinceLastDiscoveryUpdate() { return Optional.of(Duration.ofSeconds(1)); }
      @Override public List<EndpointState> endpoints() { return List.of(endpoint); }
      @Override public long retryBudgetBalance() { return Long.MAX_VALUE; }
      @Override public long retryBudgetRefusals() { return 0; }
      @Override public Optional<String> circuitBreakerState() { return Optional.of("open"); }
      @Override public long circuitBreakerRejections() { return 3; }
      @Override public OptionalInt concurrencyLimit() { return OptionalInt.empty(); }
      @Override public int concurrencyInFlight() { return 0; }
      @Override public long concurrencyLimitRejections() { return 0; }
      @Override public Optional<Duration> hedgeDelay() { return Optional.empty(); }
    };
  }

  @Test
  void hostileStringsStayValidJsonAndNeverFormMarkup() throws Exception {
    admin = AdminServer.builder().states(() -> List.of(hostile())).start();

    String body = get(admin.url() + "state.json").body();

    assertThat(body).doesNotContain("<").doesNotContain(">").contains("\\u003c/script\\u003e");
    JsonNode d = json.readTree(body).get("destinations").get(0);
    assertThat(d.get("service").asText()).startsWith("</script><img");
    assertThat(d.get("retryBudget").get("balance").isNull()).isTrue(); // unlimited
    assertThat(d.get("circuitBreaker").get("state").asText()).isEqualTo("open");
    assertThat(d.get("endpoints").get(0).get("latencyEwmaMillis").isNull()).isTrue(); // no sample: null, not NaN
    assertThat(d.get("endpoints").get(0).get("successRate").isNull()).isTrue();
    assertThat(d.get("endpoints").get(0).get("ejectedForMillis").asLong()).isEqualTo(3000);
    assertThat(d.get("endpoints").get(0).get("priority").asInt()).isEqualTo(2);
  }

  @Test
  void thePageIsStaticWithAStrictPolicyAndOnlyReadsAreAllowed() throws Exception {
    admin = AdminServer.builder().states(List::of).refresh(Duration.ofMillis(750)).start();

    HttpResponse<String> page = get(admin.url());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<meta name=\"refresh-millis\" content=\"750\">").contains("admin.js");
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("default-src 'none'").contains("script-src 'self'");
    assertThat(get(admin.url() + "admin.js").body()).contains("textContent");
    assertThat(get(admin.url() + "nothing-here").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(admin.url() + "state.json"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
  }

  @Test
  void itListensOnLoopbackUnlessToldOtherwise() {
    admin = AdminServer.builder().start();

    assertThat(admin.url()).startsWith("http://127.0.0.1:" + admin.port() + "/");
    assertThatThrownBy(() -> AdminServer.builder().port(70000)).hasMessageContaining("70000");
    assertThatThrownBy(() -> AdminServer.builder().refresh(Duration.ofMillis(10))).hasMessageContaining("100ms");
  }

  @Test
  void itMountsOnAnApplicationsServerUnderAPath() throws Exception {
    host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AdminServer.install(host, "/switchboard");
    host.start();
    String base = "http://127.0.0.1:" + host.getAddress().getPort() + "/switchboard";

    HttpResponse<String> bare = get(base);
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("location")).contains("/switchboard/");
    assertThat(get(base + "/").body()).contains("<title>Switchboard</title>");
    assertThat(json.readTree(get(base + "/state.json").body()).has("destinations")).isTrue();
    assertThatThrownBy(() -> AdminServer.install(host, "switchboard")).hasMessageContaining("must start with '/'");
  }
}
