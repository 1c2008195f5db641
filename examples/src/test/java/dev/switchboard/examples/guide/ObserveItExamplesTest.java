package dev.switchboard.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.MdcKeys;
import dev.switchboard.examples.users.UserService;
import dev.switchboard.micrometer.MeterNames;
import dev.switchboard.telemetry.DestinationState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the "Observe it" snippets against a real loopback user-service. */
class ObserveItExamplesTest {
  private UserService users;

  @BeforeEach
  void start() throws Exception {
    users = UserService.start(0);
  }

  @AfterEach
  void stop() {
    users.close();
    ContextMdc.useKeys(MdcKeys.SWITCHBOARD);
  }

  @Test
  void metricsAndTracesRecordTheCallUnderItsTemplate() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
      DestinationState state = ObserveItExamples.metricsAndTraces(
          ServiceConfig.builder().name("users").target("static:" + users.address()).build(), registry, sdk);

      assertThat(state.endpoints()).singleElement().satisfies(e -> assertThat(e.successes()).isEqualTo(1));
      assertThat(registry.get(MeterNames.HTTP_CLIENT_REQUEST_DURATION).tags(MeterNames.TEMPLATE, "/users/{id}")
          .timer().count()).isEqualTo(1);
      assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("GET /users/{id}");
    }
  }

  @Test
  void theAdminPageListsTheClientsEndpoints() {
    assertThat(ObserveItExamples.adminPage(ServiceConfig.builder().name("users")
        .target("static:" + users.address()).build())).containsExactly(users.address());
  }

  @Test
  void springMdcKeysAreTraceIdAndSpanId() {
    assertThat(ObserveItExamples.springMdcKeys()).isEqualTo(new MdcKeys("correlationId", "traceId", "spanId"));
  }
}
