package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpCall;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.CallPipeline;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * What the transport contract suites share: a scripted server, clients on the transport under
 * test through {@link HttpServiceClient} (the promises are the pipeline's), blocking and async
 * calls, and a log of every attempt for assertion messages. A transport that cannot keep a
 * promise declares it ({@link HttpTransport#limits()}); the suite then checks the exact documented
 * behaviour instead, so nothing is skipped and a change either way is noticed.
 */
public abstract class TransportContractSupport {
  /** How far past its deadline a call may end: the issue's promise. */
  protected static final Duration DEADLINE_SLACK = Duration.ofMillis(50);
  protected static final Duration DEADLINE = Duration.ofMillis(300);
  /** The scripted server notices a closed client within one poll (10 ms) while it waits or drips. */
  protected static final Duration SERVER_NOTICES = Duration.ofMillis(20);

  protected final ScriptedServer server = ScriptedServer.start();
  /** Every attempt's outcome, for assertion messages: a surprise retry shows what came first. */
  protected final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
  private final TelemetryListener attemptLog = new TelemetryListener() {
    @Override
    public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration elapsed,
        ServiceCallException error) {
      attempts.add(call.path() + " #" + attempt + ": " + (error == null ? "ok" : error.getMessage()));
    }
  };

  /** The transport under test. */
  protected abstract HttpTransportFactory transport();

  /** What the transport under test declares it cannot promise. */
  protected final java.util.Set<TransportLimit> limits() {
    try (HttpTransport t = transport().create(ServiceConfig.of(server.baseUrl()))) {
      return t.limits();
    }
  }

  @AfterEach
  void closeServer() {
    server.close();
  }

  /** A blocking or an async call: the pipeline runs them differently, so each promise holds for both. */
  protected enum Mode {
    BLOCKING {
      @Override
      Response get(HttpCall call) {
        return call.exchange();
      }
    },
    ASYNC {
      @Override
      Response get(HttpCall call) {
        return CallPipeline.await(call.exchangeAsync());
      }
    };

    abstract Response get(HttpCall call);

    Response get(HttpServiceClient client, String path) {
      return get(client.request("GET", path));
    }

    /** A call with its own, tighter deadline (the client's is generous, for warming up). */
    Response get(HttpServiceClient client, String path, Duration timeout) {
      return get(client.request("GET", path).timeout(timeout));
    }
  }

  protected HttpServiceClient client(Consumer<ServiceConfig.Builder> settings) {
    ServiceConfig.Builder b = ServiceConfig.builder().name("contract").baseUrl(server.baseUrl())
        .timeout(Duration.ofSeconds(5)).retryBudget(RetryBudgetPolicy.unlimited()).telemetry(attemptLog);
    settings.accept(b);
    return new HttpServiceClient(b.transport(transport()).build());
  }

  protected static ServiceCallException failure(HttpServiceClient client, Mode mode, String path) {
    return failure(() -> mode.get(client, path), path);
  }

  protected static ServiceCallException failure(Runnable call, String path) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).as("GET %s must fail", path).isInstanceOf(ServiceCallException.class);
    return (ServiceCallException) t;
  }

  /** Makes one good call so the next one finds a pooled connection (and classes are loaded). */
  protected void warmUp(HttpServiceClient client, Mode mode) {
    server.route("GET", "/warm").reply(Reply.ok("warm"));
    assertThat(mode.get(client, "/warm").status()).isEqualTo(200);
    server.clear();
  }

}
