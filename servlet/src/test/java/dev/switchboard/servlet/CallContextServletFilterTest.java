package dev.switchboard.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.telemetry.TelemetryListener;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CallContextServletFilterTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAlreadyExpiredRequestIsAnswered504WithoutRunningTheServlet() throws Exception {
    List<String> expired = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onInboundExpired(String method, String path) {
        expired.add(method + " " + path);
      }
    };
    try (ServletHop hop = ServletHop.start("t", InboundOptions.builder().telemetry(telemetry).build(), false,
        (req, resp, s) -> ServletHop.send(resp, 200, "{}"))) {
      HttpResponse<String> response = get(hop.baseUrl() + "/work", "grpc-timeout", "0S", "x-request-id", "late-2");

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(response.headers().firstValue("x-request-id")).contains("late-2");
      assertThat(hop.seen).isEmpty();
      assertThat(expired).containsExactly("GET /work");
      assertThat(hop.leaks.get()).isZero();
    }
  }

  @Test
  void aThrowingServletIsAnsweredByTheContainerAndLeavesNothingBound() throws Exception {
    try (ServletHop hop = ServletHop.start("t", InboundOptions.defaults(), false, (req, resp, s) -> {
      if (req.getRequestURI().equals("/boom")) {
        throw new IllegalStateException("servlet bug");
      }
      ServletHop.send(resp, 200, "{}");
    })) {
      HttpResponse<String> boom = get(hop.baseUrl() + "/boom", "x-request-id", "boom-2");
      HttpResponse<String> fine = get(hop.baseUrl() + "/fine");

      assertThat(boom.statusCode()).isEqualTo(500); // the container's answer to the servlet's own bug
      assertThat(fine.statusCode()).isEqualTo(200);
      assertThat(CorrelationId.isValid(fine.headers().firstValue("x-request-id").orElseThrow())).isTrue();
      assertThat(hop.leaks.get()).isZero();
    }
  }

  @Test
  void initParameterSetsTheDeadlineClampAndRejectsGarbage() throws Exception {
    CallContextServletFilter filter = new CallContextServletFilter();
    filter.init(config(Map.of(CallContextServletFilter.MAX_DEADLINE_MS_PARAM, "1500")));
    assertThat(filter.options().maxDeadline()).isEqualTo(Duration.ofMillis(1500));

    assertThatThrownBy(() -> new CallContextServletFilter().init(config(Map.of("max-deadline-ms", "-3"))))
        .isInstanceOf(ServletException.class).hasMessageContaining("max-deadline-ms");
    CallContextServletFilter fixed = new CallContextServletFilter(InboundOptions.defaults());
    fixed.init(config(Map.of("max-deadline-ms", "1500")));
    assertThat(fixed.options().maxDeadline()).isEqualTo(InboundOptions.DEFAULT_MAX_DEADLINE);
  }

  private static FilterConfig config(Map<String, String> params) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "switchboard-context";
      }

      @Override
      public ServletContext getServletContext() {
        return null;
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
