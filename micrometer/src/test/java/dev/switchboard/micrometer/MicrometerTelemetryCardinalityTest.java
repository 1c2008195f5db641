package dev.switchboard.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.telemetry.AttemptInfo;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener.HedgeEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The listener on its own, fed the events the pipeline emits: the caps that bound cardinality,
 * method normalisation, gRPC's names, counters.
 */
class MicrometerTelemetryCardinalityTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static CallInfo call(String method, String template, String protocol) {
    return new CallInfo("users", method, "/raw", "c1", template, protocol);
  }

  private static AttemptInfo attempt(CallInfo call, int number, String host) {
    return new AttemptInfo(call, number, false, Endpoint.of(host, 80), "0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331");
  }

  private static AttemptResult ok(int status) {
    return new AttemptResult(1_000_000, status, null, null);
  }

  @Test
  void templatesPastTheCapShareOtherAndMethodsOutsideTheStandardSetAreOther() {
    MicrometerTelemetry metrics = MicrometerTelemetry.builder(registry).maxTemplatesPerService(2).build();

    for (String t : List.of("/a/{id}", "/b/{id}", "/c/{id}", "/d/{id}")) {
      metrics.onCallEnd(call("GET", t, CallInfo.HTTP), Duration.ofMillis(1), null);
    }
    metrics.onCallEnd(call("PROPFIND", "/a/{id}", CallInfo.HTTP), Duration.ofMillis(1), null);

    assertThat(registry.find(MeterNames.CALL_DURATION).timers()).extracting(t -> t.getId().getTag(MeterNames.TEMPLATE))
        .containsExactlyInAnyOrder("/a/{id}", "/b/{id}", "_other", "/a/{id}");
    assertThat(registry.get(MeterNames.CALL_DURATION).tags(MeterNames.TEMPLATE, "_other").timer().count()).isEqualTo(2);
    assertThat(registry.get(MeterNames.CALL_DURATION).tags(MeterNames.METHOD, "_OTHER").timer().count()).isEqualTo(1);
  }

  @Test
  void perEndpointMetersAreOffByDefaultAndCappedWhenOn() {
    MicrometerTelemetry off = MicrometerTelemetry.create(registry);
    CallInfo c = call("GET", "/u/{id}", CallInfo.HTTP);
    off.onAttemptEnd(attempt(c, 1, "10.0.0.1"), ok(200));
    assertThat(registry.find(MeterNames.ENDPOINT_DURATION).meters()).isEmpty();

    MicrometerTelemetry on = MicrometerTelemetry.builder(registry).perEndpointMeters(2).build();
    for (String host : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")) {
      on.onAttemptEnd(attempt(c, 1, host), ok(200));
    }
    assertThat(registry.find(MeterNames.ENDPOINT_DURATION).tag(MeterNames.OUTCOME, "success").timers())
        .extracting(t -> t.getId().getTag(MeterNames.PEER_ADDRESS))
        .containsExactlyInAnyOrder("10.0.0.1:80", "10.0.0.2:80", "_other");
    assertThat(registry.get(MeterNames.ENDPOINT_DURATION).tags(MeterNames.PEER_ADDRESS, "_other",
        MeterNames.OUTCOME, "success").timer().count()).isEqualTo(2);
  }

  @Test
  void grpcAttemptsUseTheRpcConventionsWithServiceMethodAndStatusCode() {
    MicrometerTelemetry metrics = MicrometerTelemetry.create(registry);
    CallInfo c = call("POST", "/users.UserService/GetUser", CallInfo.GRPC);

    metrics.onAttemptEnd(attempt(c, 1, "10.0.0.1"), new AttemptResult(2_000_000, 14,
        new StatusException(ErrorKind.SERVER_ERROR, 14, "unavailable", null, false), null));
    metrics.onAttemptEnd(attempt(c, 2, "10.0.0.2"), ok(0));

    assertThat(registry.get(MeterNames.RPC_CLIENT_DURATION).tags(MeterNames.RPC_SYSTEM, "grpc",
        MeterNames.RPC_SERVICE, "users.UserService", MeterNames.RPC_METHOD, "GetUser",
        MeterNames.RPC_GRPC_STATUS, "14", MeterNames.ERROR_TYPE, "14", MeterNames.RPC_RESEND_COUNT, "0")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.RPC_CLIENT_DURATION).tags(MeterNames.RPC_GRPC_STATUS, "0",
        MeterNames.ERROR_TYPE, "none", MeterNames.RPC_RESEND_COUNT, "1").timer().count()).isEqualTo(1);
    assertThat(registry.find(MeterNames.HTTP_CLIENT_REQUEST_DURATION).meters()).isEmpty();
  }

  @Test
  void anAttemptWithoutAnAnswerIsTypedByItsErrorKind() {
    MicrometerTelemetry metrics = MicrometerTelemetry.create(registry);
    CallInfo c = call("GET", "/u/{id}", CallInfo.HTTP);

    metrics.onAttemptEnd(attempt(c, 1, "10.0.0.1"), new AttemptResult(5, AttemptResult.NO_STATUS,
        new TransportException(ErrorKind.CONNECT_FAILED, "refused", true, null), null));

    assertThat(registry.get(MeterNames.HTTP_CLIENT_REQUEST_DURATION).tags(MeterNames.STATUS_CODE, "none",
        MeterNames.ERROR_TYPE, "connect_failed").timer().count()).isEqualTo(1);
  }

  @Test
  void hedgesEjectionsAndRetriesAreCounted() {
    MicrometerTelemetry metrics = MicrometerTelemetry.create(registry);
    CallInfo c = call("GET", "/u/{id}", CallInfo.HTTP);

    metrics.onHedge(c, HedgeEvent.ISSUED, Endpoint.of("10.0.0.2", 80), 2);
    metrics.onHedge(c, HedgeEvent.WON, Endpoint.of("10.0.0.2", 80), 2);
    metrics.onHedge(c, HedgeEvent.ISSUED, Endpoint.of("10.0.0.3", 80), 2);
    metrics.onHedge(c, HedgeEvent.LOST, Endpoint.of("10.0.0.3", 80), 2);
    metrics.onEjection("users", Endpoint.of("10.0.0.9", 80), "5 consecutive failures", Duration.ofSeconds(30));

    assertThat(registry.get(MeterNames.HEDGES).tags(MeterNames.HEDGE_EVENT, "issued").counter().count()).isEqualTo(2);
    assertThat(registry.get(MeterNames.HEDGES).tags(MeterNames.HEDGE_EVENT, "won").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.HEDGES).tags(MeterNames.HEDGE_EVENT, "lost").counter().count()).isEqualTo(1);
    assertThat(registry.get(MeterNames.EJECTIONS).tags(MeterNames.SERVICE, "users").counter().count()).isEqualTo(1);
  }

  @Test
  void badOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> MicrometerTelemetry.builder(registry).maxTemplatesPerService(0))
        .hasMessageContaining("maxTemplatesPerService");
    assertThatThrownBy(() -> MicrometerTelemetry.builder(registry).perEndpointMeters(-1))
        .hasMessageContaining("perEndpointMeters");
    assertThatThrownBy(() -> MicrometerTelemetry.builder(registry).buckets(List.of(Duration.ZERO)))
        .hasMessageContaining("buckets");
  }
}
