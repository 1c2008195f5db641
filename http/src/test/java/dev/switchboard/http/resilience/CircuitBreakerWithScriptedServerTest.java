package dev.switchboard.http.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerWithScriptedServerTest {
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingTelemetry telemetry = new RecordingTelemetry();
  private ScriptedServer server;
  private HttpServiceClient client;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    client = new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl()).name("users")
        .ticker(ticker).telemetry(telemetry)
        .retryPolicy(RetryPolicy.noRetries()) // one request per call keeps the counting plain
        .circuitBreaker(CircuitBreakerPolicy.builder().failureRateThreshold(0.5).countWindow(10)
            .minimumCalls(4).openDuration(Duration.ofSeconds(5)).halfOpenCalls(2).build())
        .build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private ServiceCallException failingCall() {
    return catchThrowableOfType(ServiceCallException.class, () -> client.request("GET", "/x").exchange());
  }

  private CircuitBreaker breaker() {
    return client.policies().circuitBreaker().orElseThrow();
  }

  @Test
  void goesClosedOpenHalfOpenClosed() {
    server.route("GET", "/x").reply(Reply.status(503));
    for (int i = 0; i < 4; i++) {
      assertThat(failingCall().kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }
    assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);

    ServiceCallException open = failingCall();
    assertThat(open.kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
    assertThat(open.retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(open.getMessage()).contains("next probe in 5000 ms");
    assertThat(server.requestCount()).isEqualTo(4); // failing fast: nothing sent

    server.route("GET", "/x").reply(Reply.ok("back"));
    ticker.advance(Duration.ofSeconds(5));
    assertThat(client.request("GET", "/x").exchange().bodyAsString()).isEqualTo("back");
    assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(client.request("GET", "/x").exchange().bodyAsString()).isEqualTo("back");
    assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(telemetry.transitions).containsExactly("closed->open", "open->half_open", "half_open->closed");
  }

  @Test
  void staysOpenOnAFailedProbe() {
    server.route("GET", "/x").reply(Reply.status(500));
    for (int i = 0; i < 4; i++) {
      failingCall();
    }
    ticker.advance(Duration.ofSeconds(5));
    assertThat(failingCall().kind()).isEqualTo(ErrorKind.SERVER_ERROR); // the probe reached the server
    assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(failingCall().kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
    assertThat(server.requestCount()).isEqualTo(5);
    assertThat(telemetry.transitions).containsExactly("closed->open", "open->half_open", "half_open->open");
  }

  @Test
  void clientErrorsNeverOpenIt() {
    server.route("GET", "/x").reply(Reply.status(404));
    for (int i = 0; i < 20; i++) {
      assertThat(failingCall().kind()).isEqualTo(ErrorKind.CLIENT_ERROR);
    }
    assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(server.requestCount()).isEqualTo(20);
  }

  @Test
  void connectFailuresOpenIt() {
    server.close(); // nothing listens any more: connection refused
    for (int i = 0; i < 4; i++) {
      assertThat(failingCall().kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
    }
    assertThat(failingCall().kind()).isEqualTo(ErrorKind.CIRCUIT_OPEN);
  }
}
