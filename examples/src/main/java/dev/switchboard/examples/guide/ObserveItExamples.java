package dev.switchboard.examples.guide;

import dev.switchboard.admin.AdminServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.ContextMdc;
import dev.switchboard.context.MdcKeys;
import dev.switchboard.examples.users.User;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.PathTemplate;
import dev.switchboard.micrometer.MicrometerTelemetry;
import dev.switchboard.opentelemetry.OpenTelemetryTracing;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.EndpointState;
import dev.switchboard.telemetry.TelemetryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;

/**
 * The snippets of the user guide's "Observe it" section, as code that compiles and runs
 * ({@code ObserveItExamplesTest}). Keep them in sync with the guide.
 */
public final class ObserveItExamples {
  private ObserveItExamples() {}

  /** §15: metrics and traces on one client; returns the state the admin page would show. */
  public static DestinationState metricsAndTraces(ServiceConfig config, MeterRegistry registry,
      OpenTelemetry openTelemetry) {
    TelemetryListener metrics = MicrometerTelemetry.create(registry);           // switchboard-micrometer
    TelemetryListener tracing = OpenTelemetryTracing.create(openTelemetry);     // switchboard-opentelemetry
    ServiceConfig observed = config.toBuilder()
        .telemetry(TelemetryListener.composite(List.of(metrics, tracing)))
        .build();
    try (HttpServiceClient users = new HttpServiceClient(observed)) {
      users.get(PathTemplate.expand("/users/{id}", "123"), User.class);   // recorded as /users/{id}
      return users.state();                                               // live, read-only
    }
  }

  /** §15: the admin page, standalone on loopback; returns the endpoints it would list. */
  public static List<String> adminPage(ServiceConfig config) {
    try (HttpServiceClient users = new HttpServiceClient(config);
         AdminServer admin = AdminServer.builder().port(0).start()) {    // http://127.0.0.1:<port>/
      users.get(PathTemplate.expand("/users/{id}", "123"), User.class);
      return users.state().endpoints().stream().map(EndpointState::address).toList();
    }
  }

  /** §15: log with Spring Boot's MDC names ({@code traceId}, {@code spanId}). */
  public static MdcKeys springMdcKeys() {
    ContextMdc.useKeys(MdcKeys.SPRING);   // or -Dswitchboard.mdc.keys=spring
    return ContextMdc.keys();
  }
}
