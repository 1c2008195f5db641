package dev.switchboard.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real clients against real loopback servers, recording into a real registry. */
class MicrometerTelemetryWithScriptedServersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerTelemetry metrics = MicrometerTelemetry.create(registry);
  private ScriptedServers replicas;
  private HttpServiceClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (replicas != null) {
      replicas.close();
    }
  }

  private HttpServiceClient client(int replicaCount, ServiceConfig.Builder config) {
    replicas = ScriptedServers.start(replicaCount);
    client = new HttpServiceClient(config.name("users").target(replicas.staticTarget())
        .timeout(Duration.ofSeconds(5)).telemetry(metrics).build());
    return client;
  }

  private Timer attempt(String status, String errorType, String resend) {
    return registry.get(MeterNames.HTTP_CLIENT_REQUEST_DURATION).tags(MeterNames.SERVICE, "users",
        MeterNames.SERVER_ADDRESS, "users", MeterNames.METHOD, "GET", MeterNames.TEMPLATE, "/users/{id}",
        MeterNames.STATUS_CODE, status, MeterNames.ERROR_TYPE, errorType, MeterNames.RESEND_COUNT, resend).timer();
  }

  @Test
  void aRetriedCallIsOneCallTimerAndTwoAttemptTimersUnderItsTemplateWithStatusErrorTypeAndResendCount() {
    client(1, ServiceConfig.builder());
    replicas.get(0).route("GET", "/users/{id}").sequence(Reply.status(503), Reply.json(200, "\"ok\""));

    client.get(PathTemplate.expand("/users/{id}", "42"), String.class);

    assertThat(attempt("503", "503", "0").count()).isEqualTo(1);
    assertThat(attempt("200", "none", "1").count()).isEqualTo(1);
    // The call ends (and is recorded) on the transport thread right after the caller got its answer.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.find(MeterNames.CALL_DURATION)
        .tag(MeterNames.OUTCOME, "success").timers()).hasSize(1));
    Timer call = registry.get(MeterNames.CALL_DURATION).tags(MeterNames.SERVICE, "users", MeterNames.PROTOCOL, "http",
        MeterNames.METHOD, "GET", MeterNames.TEMPLATE, "/users/{id}", MeterNames.OUTCOME, "success",
        MeterNames.ERROR_KIND, "none").timer();
    assertThat(call.count()).isEqualTo(1);
    assertThat(call.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
        .isGreaterThanOrEqualTo(attempt("200", "none", "1").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS));
    assertThat(registry.get(MeterNames.RETRIES).tags(MeterNames.TEMPLATE, "/users/{id}",
        MeterNames.ERROR_KIND, "server_error").counter().count()).isEqualTo(1);
  }

  @Test
  void noMeterEverCarriesTheRawPathAndCallsWithoutTemplateShareThePlaceholder() {
    client(1, ServiceConfig.builder());
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));

    client.get("/users/31337", String.class);
    client.get("/users/27182", String.class);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.find(MeterNames.CALL_DURATION)
        .tag(MeterNames.TEMPLATE, CallInfo.UNKNOWN_TEMPLATE).timers()).singleElement()
        .satisfies(t -> assertThat(t.count()).isEqualTo(2)));
    for (Meter m : registry.getMeters()) {
      for (Tag t : m.getId().getTags()) {
        assertThat(t.getValue()).doesNotContain("31337").doesNotContain("27182");
      }
    }
  }

  @Test
  void aFailedCallIsRecordedWithItsErrorKindAndTheFailedAttemptWithItsStatus() {
    client(1, ServiceConfig.builder());
    replicas.route("GET", "/users/{id}", Reply.json(404, "{}"));

    catchThrowable(() -> client.get(PathTemplate.expand("/users/{id}", "1"), String.class));

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.find(MeterNames.CALL_DURATION)
        .tags(MeterNames.OUTCOME, "failure", MeterNames.ERROR_KIND, "client_error").timers()).singleElement()
        .satisfies(t -> assertThat(t.count()).isEqualTo(1)));
    assertThat(attempt("404", "404", "0").count()).isEqualTo(1);
  }

  @Test
  void gaugesShowTheLiveStateOfEachClientAndAreRemovedWhenItCloses() {
    client(2, ServiceConfig.builder().circuitBreaker(CircuitBreakerPolicy.defaults())
        .concurrencyLimit(ConcurrencyLimitPolicy.fixed(7)).hedgingPolicy(HedgingPolicy.fixed(Duration.ofMillis(40))));
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));
    client.get(PathTemplate.expand("/users/{id}", "1"), String.class);

    assertThat(gauge(MeterNames.ENDPOINTS, "available")).isEqualTo(2);
    assertThat(gauge(MeterNames.ENDPOINTS, "ejected")).isZero();
    assertThat(gauge(MeterNames.CIRCUIT_STATE, "closed")).isEqualTo(1);
    assertThat(gauge(MeterNames.CIRCUIT_STATE, "open")).isZero();
    assertThat(registry.get(MeterNames.LIMIT).gauge().value()).isEqualTo(7);
    assertThat(registry.get(MeterNames.LIMIT_IN_FLIGHT).gauge().value()).isZero();
    assertThat(registry.get(MeterNames.HEDGE_DELAY).timeGauge().value(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(40);
    assertThat(registry.get(MeterNames.BUDGET_BALANCE).gauge().value()).isGreaterThan(0);
    assertThat(registry.get(MeterNames.BUDGET_REFUSALS).functionCounter().count()).isZero();
    assertThat(registry.get(MeterNames.DISCOVERY_UPDATES).functionCounter().count()).isEqualTo(1);

    client.close();

    assertThat(registry.find(MeterNames.ENDPOINTS).meters()).isEmpty();
    assertThat(registry.find(MeterNames.CIRCUIT_STATE).meters()).isEmpty();
    assertThat(registry.find(MeterNames.CALL_DURATION).meters()).isNotEmpty(); // history stays
  }

  private double gauge(String name, String state) {
    return registry.get(name).tags(MeterNames.SERVICE, "users", MeterNames.STATE, state).gauge().value();
  }
}
