package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the exchange runs: inline for a blocking caller, on an I/O thread otherwise. */
class BlockingCallsRunOnTheCallersThreadTest {
  private final AtomicReference<Thread> attemptEndedOn = new AtomicReference<>();
  private final TelemetryListener recorder = new TelemetryListener() {
    @Override
    public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration latency,
        ServiceCallException error) {
      attemptEndedOn.set(Thread.currentThread());
    }
  };
  private ScriptedServer server;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    server.route("GET", "/users/{id}").reply(Reply.json(200, "{\"id\":\"1\"}"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpServiceClient client(ServiceConfig.Builder b) {
    return new HttpServiceClient(b.baseUrl(server.baseUrl()).telemetry(recorder).build());
  }

  @Test
  void aBlockingCallsExchangeRunsOnTheCallersOwnThreadWhenItCannotBeHedged() {
    try (HttpServiceClient client = client(ServiceConfig.builder().hedgingPolicy(HedgingPolicy.disabled()))) {
      assertThat(client.get("/users/1", String.class)).contains("\"id\"");
      assertThat(attemptEndedOn.get()).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void aBlockingPostRunsInlineWithDefaultsSinceOnlyIdempotentCallsAreHedged() {
    server.route("POST", "/users").reply(Reply.json(201, "{\"id\":1}"));
    try (HttpServiceClient client = client(ServiceConfig.builder())) {
      client.request("POST", "/users").exchange();
      assertThat(attemptEndedOn.get()).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void anAsyncCallsExchangeRunsOnAnIoThreadAndNeverBlocksTheCaller() {
    try (HttpServiceClient client = client(ServiceConfig.builder())) {
      client.getAsync("/users/1", String.class).join();
      assertThat(attemptEndedOn.get()).isNotSameAs(Thread.currentThread());
    }
  }

  @Test
  void aBlockingCallThatMayBeHedgedRunsInlineOnTheDefaultTransportWhichCanAbortItFromAnotherThread() {
    try (HttpServiceClient client = client(ServiceConfig.builder()
        .hedgingPolicy(HedgingPolicy.fixed(Duration.ofSeconds(1))))) {
      assertThat(client.transportName()).isEqualTo("apache");
      client.get("/users/1", String.class);
      assertThat(attemptEndedOn.get()).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void aBlockingCallThatMayBeHedgedRunsInlineOnTheJdkTransportTooWhichAbortsItByInterrupt() {
    try (HttpServiceClient client = client(ServiceConfig.builder().transport(HttpTransportFactory.jdk())
        .hedgingPolicy(HedgingPolicy.fixed(Duration.ofSeconds(1))))) {
      client.get("/users/1", String.class);
      assertThat(attemptEndedOn.get()).isSameAs(Thread.currentThread());
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }
}
