package dev.switchboard.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of real calls to real loopback servers, recorded by the real SDK. */
class OpenTelemetryTracingWithScriptedServersTest {
  private final OtelTestSdk otel = new OtelTestSdk();
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
    otel.close();
  }

  private void start(int count, ServiceConfig.Builder config, OpenTelemetry openTelemetry) {
    replicas = ScriptedServers.start(count);
    client = new HttpServiceClient(config.name("users").target(replicas.staticTarget())
        .timeout(Duration.ofSeconds(5)).telemetry(OpenTelemetryTracing.create(openTelemetry)).build());
  }

  private List<RecordedRequest> received() {
    return replicas.servers().stream().flatMap(s -> s.requests().stream())
        .sorted(Comparator.comparing(r -> r.header("x-request-attempt"))).toList();
  }

  /** Switchboard's INTERNAL call spans (the application's own spans are INTERNAL too). */
  private List<SpanData> callSpans() {
    return otel.spans().stream().filter(s -> s.getKind() == SpanKind.INTERNAL
        && s.getInstrumentationScopeInfo().getName().equals(OpenTelemetryTracing.INSTRUMENTATION_NAME)).toList();
  }

  private List<SpanData> clientSpans() {
    return otel.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .sorted(Comparator.comparing(s -> s.getAttributes().get(AttributeKey.longKey("switchboard.attempt")))).toList();
  }

  @Test
  void anAttemptIsAClientSpanUnderTheCurrentSpanAndTheTraceparentSentIsThePropagatorsForIt() {
    start(1, ServiceConfig.builder(), otel.sdk);
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));

    Span app = otel.sdk.getTracer("app").spanBuilder("app").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      client.get(PathTemplate.expand("/users/{id}", "42"), String.class);
    } finally {
      app.end();
    }

    SpanData attempt = otel.span("GET /users/{id}");
    assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(attempt.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
    assertThat(attempt.getTraceId()).isEqualTo(app.getSpanContext().getTraceId());
    assertThat(received()).singleElement().satisfies(r -> {
      assertThat(r.header("traceparent")).isEqualTo(OtelTestSdk.w3cHeaders(attempt).get("traceparent"))
          .isEqualTo("00-" + attempt.getTraceId() + "-" + attempt.getSpanId() + "-"
              + attempt.getSpanContext().getTraceFlags().asHex());
    });
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("url.template"))).isEqualTo("/users/{id}");
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
    assertThat(attempt.getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo((long) replicas.get(0).port());
    assertThat(attempt.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200);
    assertThat(attempt.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isNull();
    assertThat(callSpans()).isEmpty(); // one attempt: no call span
  }

  @Test
  void aRetriedCallGetsACallSpanParentOfTheRetryLinkedToTheFirstAttemptAndEachWireIdIsItsSpan() {
    start(1, ServiceConfig.builder(), otel.sdk);
    replicas.get(0).route("GET", "/users/{id}").sequence(Reply.status(503), Reply.json(200, "\"ok\""));

    Span app = otel.sdk.getTracer("app").spanBuilder("app").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      client.get(PathTemplate.expand("/users/{id}", "42"), String.class);
    } finally {
      app.end();
    }

    List<SpanData> attempts = clientSpans();
    SpanData call = callSpans().get(0);
    assertThat(attempts).hasSize(2);
    SpanData first = attempts.get(0);
    SpanData retry = attempts.get(1);
    assertThat(first.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(first.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
    assertThat(call.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
    assertThat(call.getLinks()).singleElement()
        .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(first.getSpanId()));
    assertThat(call.getStartEpochNanos()).isLessThanOrEqualTo(first.getStartEpochNanos());
    assertThat(call.getAttributes().get(AttributeKey.longKey("switchboard.attempts"))).isEqualTo(2);
    assertThat(retry.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(retry.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(1);
    assertThat(received()).extracting(r -> r.header("traceparent")).containsExactly(
        OtelTestSdk.w3cHeaders(first).get("traceparent"), OtelTestSdk.w3cHeaders(retry).get("traceparent"));
  }

  @Test
  void theLoserOfAHedgeRaceIsMarkedAndNotAnError() {
    start(2, ServiceConfig.builder().hedgingPolicy(HedgingPolicy.fixed(Duration.ofMillis(30))), otel.sdk);
    // The first attempt is slow wherever it lands; the hedge (attempt 2) answers at once.
    replicas.each(s -> s.route("GET", "/users/{id}").handler(r -> "1".equals(r.header("x-request-attempt"))
        ? Reply.json(200, "\"slow\"").delay(Duration.ofSeconds(3)) : Reply.json(200, "\"fast\"")));

    assertThat(client.get(PathTemplate.expand("/users/{id}", "7"), String.class)).contains("fast");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(otel.spans()).hasSize(3));
    SpanData loser = clientSpans().get(0);
    SpanData hedge = clientSpans().get(1);
    SpanData call = callSpans().get(0);
    assertThat(loser.getAttributes().get(AttributeKey.stringKey("switchboard.cancel.reason"))).isEqualTo("lost_race");
    assertThat(loser.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(hedge.getAttributes().get(AttributeKey.booleanKey("switchboard.hedge"))).isTrue();
    assertThat(hedge.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(1);
    assertThat(hedge.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(hedge.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
  }

  @Test
  void aCallWithNoParentStartsATraceWhoseRootIsItsCallSpan() {
    start(1, ServiceConfig.builder(), otel.sdk);
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));

    client.get(PathTemplate.expand("/users/{id}", "1"), String.class);

    SpanData call = callSpans().get(0);
    SpanData attempt = clientSpans().get(0);
    assertThat(call.getParentSpanContext().isValid()).isFalse();
    assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
  }

  @Test
  void withoutACurrentSpanTheInboundTraceOfSwitchboardsContextIsTheParent() {
    start(1, ServiceConfig.builder(), otel.sdk);
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));
    TraceContext inbound = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "vendor=abc").orElseThrow();

    try (CallContext.Scope ignored = CallContext.empty().withTrace(inbound).attach()) {
      client.get(PathTemplate.expand("/users/{id}", "1"), String.class);
    }

    SpanData attempt = clientSpans().get(0);
    assertThat(attempt.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(attempt.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(received().get(0).header("tracestate")).isEqualTo("vendor=abc");
    assertThat(received().get(0).header("traceparent")).isEqualTo(OtelTestSdk.w3cHeaders(attempt).get("traceparent"));
  }

  @Test
  void alwaysCallSpanMakesEveryAttemptAChildOfTheCallSpan() {
    replicas = ScriptedServers.start(1);
    replicas.route("GET", "/users/{id}", Reply.json(200, "\"ok\""));
    client = new HttpServiceClient(ServiceConfig.builder().name("users").target(replicas.staticTarget())
        .telemetry(OpenTelemetryTracing.builder(otel.sdk).alwaysCallSpan(true).build()).build());

    Span app = otel.sdk.getTracer("app").spanBuilder("app").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      client.get(PathTemplate.expand("/users/{id}", "1"), String.class);
    } finally {
      app.end();
    }

    SpanData call = callSpans().get(0);
    assertThat(call.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
    assertThat(clientSpans().get(0).getParentSpanId()).isEqualTo(call.getSpanId());
  }

  @Test
  void withANoopOpenTelemetrySwitchboardStillSendsAValidTraceOfItsOwn() {
    start(1, ServiceConfig.builder().retryPolicy(dev.switchboard.policy.RetryPolicy.builder().maxAttempts(2).build()),
        OpenTelemetry.noop());
    replicas.get(0).route("GET", "/users/{id}").sequence(Reply.status(503), Reply.json(200, "\"ok\""));

    client.get(PathTemplate.expand("/users/{id}", "1"), String.class);

    List<TraceContext> sent = received().stream()
        .map(r -> TraceContext.parse(r.header("traceparent"), null).orElseThrow()).toList();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).traceId()).isEqualTo(sent.get(1).traceId());
    assertThat(sent.get(0).spanId()).isNotEqualTo(sent.get(1).spanId());
  }
}
