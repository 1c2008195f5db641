package dev.switchboard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.micrometer.MeterNames;
import dev.switchboard.micrometer.MicrometerTelemetry;
import dev.switchboard.opentelemetry.OpenTelemetryTracing;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Telemetry and live state with no code: a {@code MeterRegistry} bean gets every client's meters,
 * an {@code OpenTelemetry} bean every client's spans, both together both, each can be turned off,
 * and the actuator endpoint reports each client's {@code state()}. Calls go to a real loopback
 * server.
 */
class SwitchboardStarterWithTelemetryTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
      AutoConfigurations.of(JacksonAutoConfiguration.class, SwitchboardTelemetryAutoConfiguration.class,
          SwitchboardAutoConfiguration.class));
  private ScriptedServer server;
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk otel;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    server.route("GET", "/users/{id}").reply(Reply.json(200, "{\"id\":\"7\"}"));
    otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
  }

  @AfterEach
  void stop() {
    server.close();
    otel.close();
  }

  private ApplicationContextRunner users() {
    return runner.withPropertyValues("switchboard.clients.users.base-url=" + server.baseUrl());
  }

  private static void call(org.springframework.context.ApplicationContext ctx) {
    HttpServiceClient users = ctx.getBean("usersClient", HttpServiceClient.class);
    assertThat(users.request("GET", "/users/7").pathTemplate("/users/{id}").exchange().status()).isEqualTo(200);
  }

  @Test
  void aMeterRegistryBeanGetsTheCallTimerWithTheClientsTag() {
    users().withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
      call(ctx);

      MeterRegistry registry = ctx.getBean(MeterRegistry.class);
      // the call's end is recorded as its future completes, which may be just after exchange() returns
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        Timer calls = registry.find(MeterNames.CALL_DURATION).tag(MeterNames.SERVICE, "users").timer();
        assertThat(calls).as("the call timer of client users").isNotNull();
        assertThat(calls.getId().getTag(MeterNames.TEMPLATE)).isEqualTo("/users/{id}");
        assertThat(calls.count()).isEqualTo(1);
      });
      assertThat(ctx).doesNotHaveBean(OpenTelemetryTracing.class);
    });
  }

  @Test
  void anOpenTelemetryBeanGetsASpanPerCall() {
    users().withBean(OpenTelemetry.class, () -> otel).run(ctx -> {
      call(ctx);

      // a call without a parent span starts a trace with a span for the call, the attempt its child
      List<SpanData> attempts = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
      assertThat(attempts).extracting(SpanData::getName).containsExactly("GET /users/{id}");
      // the traceparent on the wire is the attempt span's own
      assertThat(server.requests().get(0).header("traceparent"))
          .contains(attempts.get(0).getTraceId()).contains(attempts.get(0).getSpanId());
      assertThat(ctx).doesNotHaveBean(MicrometerTelemetry.class);
    });
  }

  @Test
  void withBothEveryCallIsMeasuredAndTraced() {
    users().withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).withBean(OpenTelemetry.class, () -> otel)
        .run(ctx -> {
          call(ctx);
          call(ctx);

          await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ctx.getBean(MeterRegistry.class)
              .find(MeterNames.CALL_DURATION).tag(MeterNames.SERVICE, "users").timer().count()).isEqualTo(2));
          assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.CLIENT).hasSize(2);
        });
  }

  @Test
  void eachCanBeTurnedOffByItsProperty() {
    users().withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new).withBean(OpenTelemetry.class, () -> otel)
        .withPropertyValues("switchboard.metrics.enabled=false", "switchboard.tracing.enabled=false")
        .run(ctx -> {
          call(ctx);

          assertThat(ctx).doesNotHaveBean(MicrometerTelemetry.class).doesNotHaveBean(OpenTelemetryTracing.class);
          assertThat(ctx.getBean(MeterRegistry.class).find(MeterNames.CALL_DURATION).timer()).isNull();
          assertThat(spans.getFinishedSpanItems()).isEmpty();
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void theActuatorEndpointReportsEachClientsLiveState() {
    users().withPropertyValues("switchboard.clients.users.breaker.enabled=true",
        "switchboard.clients.users.limit.max-concurrency=8", "switchboard.clients.users.hedging.delay=40ms")
        .run(ctx -> {
          SwitchboardEndpoint endpoint = new SwitchboardEndpoint(ctx.getBean(SwitchboardClients.class));
          call(ctx);

          Map<String, Object> state = (Map<String, Object>) endpoint.client("users").get("state");
          List<Map<String, Object>> endpoints = (List<Map<String, Object>>) state.get("endpoints");
          assertThat(endpoints).hasSize(1);
          assertThat(endpoints.get(0)).containsEntry("address", server.baseUrl().replace("http://", ""))
              .containsEntry("priority", 0).containsEntry("healthy", true).containsEntry("ejected", false)
              .containsEntry("successes", 1L).containsEntry("failures", 0L).containsEntry("successRate", 1.0);
          assertThat(state).containsEntry("breakerState", "closed").containsEntry("concurrencyLimit", 8)
              .containsEntry("inFlight", 0).containsEntry("hedgeDelayMs", 40.0)
              .containsKey("retryBudgetBalance").containsEntry("retryBudgetRefusals", 0L);
          assertThat((Map<String, Object>) state.get("discovery")).containsEntry("updates", 1L);
        });
  }
}
