package dev.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.Jackson3Codec;
import dev.switchboard.spring.boot.demo.DemoApplication;
import dev.switchboard.spring.boot.demo.UsersExchange;
import dev.switchboard.spring.boot.demo.UsersRest;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;

/**
 * The "done when": a Spring Boot 4 application (real Tomcat on a random port) with three
 * clients in {@code application.yml}, called through an {@code @HttpExchange} interface, a
 * {@code RestClient} and a Switchboard declarative interface, against three real loopback
 * replicas, one of which answers 503. Every call gets discovery (the static target), balancing
 * (all three replicas answer), the inbound deadline and correlation id (bound by the servlet
 * filter from the request to the application) and retries (each 503 is retried on another replica).
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SwitchboardStarterWithThreeClientStylesTest {
  static final ScriptedServers REPLICAS = ScriptedServers.start(3);

  static {
    REPLICAS.get(0).route("GET", "/users/{id}").reply(Reply.status(503));
    for (int i = 1; i < 3; i++) {
      REPLICAS.get(i).route("GET", "/users/{id}").handler(r -> Reply.json(200,
          "{\"id\":\"" + r.pathParam("id") + "\",\"email\":\"u@example.com\",\"name\":\"U\"}"));
    }
    REPLICAS.route("GET", "/slow", Reply.neverAnswer());
    REPLICAS.route("GET", "/flaky/{id}", Reply.status(503));
    REPLICAS.route("GET", "/missing", Reply.json(404, "{\"error\":\"no such thing\"}"));
  }

  @DynamicPropertySource
  static void replicas(DynamicPropertyRegistry registry) {
    registry.add("demo.replicas", () -> String.join(",", REPLICAS.endpointAddresses()));
  }

  @AfterAll
  static void stopReplicas() {
    REPLICAS.close();
  }

  @LocalServerPort int port;
  @Autowired UsersExchange exchange;
  @Autowired UsersRest rest;
  @Autowired ApplicationContext context;
  @Autowired @Qualifier("users-rest") HttpServiceClient usersRestClient;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void forgetRequests() {
    REPLICAS.clear();
  }

  private HttpResponse<String> inbound(String path, String requestId, long budgetMs) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("x-request-id", requestId).header("x-request-timeout-ms", Long.toString(budgetMs)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<RecordedRequest> recorded() {
    return REPLICAS.servers().stream().flatMap(s -> s.requests().stream()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/via-exchange", "/via-rest", "/via-declarative"})
  void everyCallGetsDiscoveryBalancingTheInboundDeadlineAndCorrelationIdAndRetries(String style) throws Exception {
    int calls = 6;
    for (int i = 0; i < calls; i++) {
      HttpResponse<String> r = inbound(style + "/" + i, "req" + style.replace('/', '-') + "-" + i, 2000);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":\"" + i + "\"");
    }

    // Discovery and balancing: the three replicas of the static target all took calls.
    assertThat(REPLICAS.requestCounts()).allMatch(n -> n > 0);
    // Retries: every 503 from replica 0 was followed by attempt 2 of the same call on another replica.
    ScriptedServer failing = REPLICAS.get(0);
    Set<String> retried = REPLICAS.servers().subList(1, 3).stream().flatMap(s -> s.requests().stream())
        .filter(r -> "2".equals(r.header("x-request-attempt"))).map(r -> r.header("x-request-id"))
        .collect(Collectors.toSet());
    assertThat(failing.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(retried).contains(r.header("x-request-id")));
    // The inbound deadline and correlation id reached every attempt.
    assertThat(recorded()).hasSize(calls + failing.requestCount()).allSatisfy(r -> {
      assertThat(r.header("x-request-id")).startsWith("req" + style.replace('/', '-') + "-");
      assertThat(Long.parseLong(r.header("x-request-timeout-ms"))).isBetween(1L, 1999L);
      assertThat(r.header("traceparent")).isNotBlank();
    });
  }

  @Test
  void aTimeoutOnAnHttpExchangeMethodBoundsItsCallsAndIsSentDownstream() throws Exception {
    HttpResponse<String> r = inbound("/via-exchange-slow", "slow-1", 5000);

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(recorded()).isNotEmpty().allSatisfy(req -> {
      assertThat(Long.parseLong(req.header("x-request-timeout-ms"))).isBetween(1L, 150L);
      assertThat(req.header("x-request-id")).isEqualTo("slow-1");
    });
  }

  @Test
  void retryOnAnHttpExchangeMethodReplacesTheClientsMaxAttemptsAndSpringSeesTheFinalStatus() {
    assertThatThrownBy(() -> exchange.flakyOnce("1")).isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
    assertThat(REPLICAS.totalRequestCount()).isEqualTo(1);

    assertThatThrownBy(() -> exchange.flaky("1")).isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
    assertThat(REPLICAS.totalRequestCount()).isEqualTo(1 + 3); // retry.max-attempts: 3
  }

  @Test
  void aClientErrorReachesSpringsStatusHandlingWithItsBody() {
    assertThatThrownBy(() -> rest.missing()).isInstanceOfSatisfying(HttpClientErrorException.NotFound.class,
        e -> assertThat(e.getResponseBodyAsString()).isEqualTo("{\"error\":\"no such thing\"}"));
  }

  @Test
  void eachConfiguredClientIsABeanNamedAfterItAndQualifiedByItsName() {
    assertThat(context.getBean("usersExchangeClient", HttpServiceClient.class).config().name()).isEqualTo("users-exchange");
    assertThat(context.getBean("usersRestClient")).isSameAs(usersRestClient);
    assertThat(context.getBean(SwitchboardClients.class).client("users-rest")).isSameAs(usersRestClient);
    assertThat(usersRestClient.config().retryPolicy().maxAttempts()).isEqualTo(3);
  }

  @Test
  void bodiesUseTheApplicationsJackson3Mapper() {
    assertThat(usersRestClient.bodyCodec()).isInstanceOf(Jackson3Codec.class);
    assertThat(((Jackson3Codec) usersRestClient.bodyCodec()).mapper())
        .isSameAs(context.getBean(tools.jackson.databind.json.JsonMapper.class));
  }

  @Test
  void theActuatorEndpointShowsEachClientsConfigurationAndLiveState() throws Exception {
    inbound("/via-rest/1", "actuator-1", 2000);
    HttpResponse<String> all = inbound("/actuator/switchboard", "actuator-2", 2000);
    HttpResponse<String> one = inbound("/actuator/switchboard/users-rest", "actuator-3", 2000);

    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains("\"users-exchange\"", "\"users-rest\"", "\"users-declarative\"",
        "static:127.0.0.1:");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.body()).contains("\"created\":true", "\"retryBudgetBalance\"", "maxAttempts=3",
        "\"endpoints\":[{\"address\":\"127.0.0.1:", "\"priority\":0");
    assertThat(inbound("/actuator/switchboard/nobody", "actuator-4", 2000).statusCode()).isEqualTo(404);
  }

  @Test
  void anInboundRequestWhoseDeadlineHasPassedIsAnswered504WithoutCallingAnyone() throws Exception {
    HttpResponse<String> r = inbound("/via-rest/1", "late-1", 0);

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(REPLICAS.totalRequestCount()).isZero();
  }
}
