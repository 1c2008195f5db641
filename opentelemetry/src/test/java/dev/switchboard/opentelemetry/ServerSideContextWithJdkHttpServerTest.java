package dev.switchboard.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.http.server.SwitchboardServerFilters;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Switchboard's JDK server filter makes the caller's trace OpenTelemetry's current context (the
 * module's inbound scope provider is on the class path), so a span the handler starts is the
 * child of the caller's attempt span; a span some other instrumentation already made current wins.
 */
class ServerSideContextWithJdkHttpServerTest {
  private final OtelTestSdk otel = new OtelTestSdk();
  private HttpServer server;
  private HttpServiceClient client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    SwitchboardServerFilters.install(server.createContext("/work", this::handle));
    var agent = server.createContext("/agent", this::handle);
    agent.getFilters().add(new Filter() { // stands in for an agent's server instrumentation
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Span serverSpan = otel.sdk.getTracer("agent").spanBuilder("agent-server").setSpanKind(SpanKind.SERVER)
            .startSpan();
        try (Scope ignored = serverSpan.makeCurrent()) {
          chain.doFilter(exchange);
        } finally {
          serverSpan.end();
        }
      }

      @Override
      public String description() {
        return "agent";
      }
    });
    SwitchboardServerFilters.install(agent);
    server.start();
    client = new HttpServiceClient(ServiceConfig.builder().name("worker")
        .target("static:127.0.0.1:" + server.getAddress().getPort())
        .telemetry(OpenTelemetryTracing.create(otel.sdk)).build());
  }

  private void handle(HttpExchange exchange) throws IOException {
    Span work = otel.sdk.getTracer("app").spanBuilder("handler-work").startSpan(); // parent: Context.current()
    work.end();
    try (exchange) {
      exchange.sendResponseHeaders(204, -1);
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
    otel.close();
  }

  @Test
  void aSpanTheHandlerStartsIsTheChildOfTheCallersAttemptSpan() {
    Span app = otel.sdk.getTracer("app").spanBuilder("caller").startSpan();
    try (Scope ignored = app.makeCurrent()) {
      client.request("GET", PathTemplate.expand("/work/{id}", "1")).exchange();
    } finally {
      app.end();
    }

    SpanData attempt = otel.span("GET /work/{id}");
    SpanData work = otel.span("handler-work");
    assertThat(work.getTraceId()).isEqualTo(app.getSpanContext().getTraceId());
    assertThat(work.getParentSpanId()).isEqualTo(attempt.getSpanId());
    assertThat(Span.current().getSpanContext().isValid()).isFalse(); // nothing leaks on this thread
  }

  @Test
  void aSpanAlreadyCurrentOnTheServerStaysTheParent() {
    client.request("GET", PathTemplate.expand("/agent/{id}", "1")).exchange();

    SpanData agent = otel.span("agent-server");
    SpanData work = otel.span("handler-work");
    assertThat(work.getParentSpanId()).isEqualTo(agent.getSpanId());
  }
}
