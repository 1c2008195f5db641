package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.CallTracer;
import dev.switchboard.context.TraceContext;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.AttemptInfo;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.AttemptResult.CancelReason;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DestinationStates;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What telemetry and tracers learn from the real pipeline (real discovery, balancer and engines on
 * the fake clock; only the wire is in memory): templates, trace ids, statuses, cancel reasons,
 * and the destination state.
 */
class CallPipelineTelemetryTest {
  private static final Request GET = Request.builder("GET", "/users/42").pathTemplate("/users/{id}").build();

  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler timer = new FakeScheduler(ticker);
  private final List<Destination> destinations = new ArrayList<>();
  private final Recorder recorder = new Recorder();

  @AfterEach
  void close() {
    destinations.forEach(Destination::close);
  }

  private ServiceConfig.Builder config() {
    return ServiceConfig.builder().name("users").target("static:10.0.0.1:80,10.0.0.2:80,10.0.0.3:80")
        .ticker(ticker).timer(timer).retryPolicy(RetryPolicy.noRetries()).telemetry(recorder);
  }

  private CallPipeline pipeline(ServiceConfig config, Transport transport) {
    Destination destination = Destination.open(config);
    destinations.add(destination);
    return CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(), destination,
        transport, ResponseClassifier.httpStatus());
  }

  /** Records every new-style event. */
  static final class Recorder implements TelemetryListener {
    final List<CallInfo> starts = new CopyOnWriteArrayList<>();
    final List<AttemptInfo> attempts = new CopyOnWriteArrayList<>();
    final List<AttemptResult> results = new CopyOnWriteArrayList<>();
    final List<ServiceCallException> callErrors = new CopyOnWriteArrayList<>();
    final List<String> destinations = new CopyOnWriteArrayList<>();

    @Override public void onCallStart(CallInfo call) { starts.add(call); }
    @Override public void onCallEnd(CallInfo call, Duration elapsed, ServiceCallException error) { callErrors.add(error); }
    @Override public void onAttemptStart(AttemptInfo attempt) { attempts.add(attempt); }
    @Override public void onAttemptEnd(AttemptInfo attempt, AttemptResult result) { results.add(result); }
    @Override public void onDestinationOpen(DestinationState s) { destinations.add("open " + s.service()); }
    @Override public void onDestinationClose(DestinationState s) { destinations.add("close " + s.service()); }
  }

  @Test
  void attemptEventsCarryTheTemplateAndTheSpanIdTheAttemptSent() {
    InMemoryTransport transport = InMemoryTransport.answering(201);
    pipeline(config().build(), transport).execute(GET).join();

    CallInfo call = recorder.starts.get(0);
    assertThat(call.template()).isEqualTo("/users/{id}");
    assertThat(call.path()).isEqualTo("/users/42");
    assertThat(call.protocol()).isEqualTo(CallInfo.HTTP);
    TraceContext sent = transport.get(1).attempt().context().trace().orElseThrow();
    AttemptInfo attempt = recorder.attempts.get(0);
    assertThat(attempt.call()).isSameAs(call);
    assertThat(attempt.spanId()).isEqualTo(sent.spanId());
    assertThat(attempt.traceId()).isEqualTo(sent.traceId());
    assertThat(recorder.results).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.success()).isTrue();
      assertThat(r.cancelReason()).isNull();
    });
  }

  @Test
  void aCallWithoutATemplateIsRecordedUnderThePlaceholderNeverItsPath() {
    pipeline(config().build(), InMemoryTransport.answering(200))
        .execute(Request.builder("GET", "/users/42").build()).join();

    assertThat(recorder.starts.get(0).template()).isEqualTo(CallInfo.UNKNOWN_TEMPLATE);
    assertThat(recorder.starts.get(0).hasTemplate()).isFalse();
  }

  @Test
  void aGrpcTransportMakesTheMethodNameTheTemplate() {
    InMemoryTransport http = InMemoryTransport.answering(0);
    Transport grpc = new Transport() {
      @Override
      public CompletableFuture<Response> send(Attempt attempt, Request request) {
        return http.send(attempt, request);
      }

      @Override
      public String protocol() {
        return CallInfo.GRPC;
      }
    };
    CallPipeline pipeline = CallPipeline.assemble("users", null, List.of(), config().build().policies(),
        open(config().build()), grpc, (response) -> null);
    pipeline.execute(Request.builder("POST", "/users.UserService/GetUser").build()).join();

    CallInfo call = recorder.starts.get(0);
    assertThat(call.protocol()).isEqualTo(CallInfo.GRPC);
    assertThat(call.template()).isEqualTo("/users.UserService/GetUser");
    assertThat(pipeline.state().protocol()).isEqualTo(CallInfo.GRPC);
  }

  private Destination open(ServiceConfig config) {
    Destination d = Destination.open(config);
    destinations.add(d);
    return d;
  }

  @Test
  void theLoserOfAHedgeRaceEndsCancelledBecauseItLostTheRace() {
    InMemoryTransport transport = InMemoryTransport.pending();
    CallPipeline pipeline = pipeline(config().hedgingPolicy(HedgingPolicy.fixed(Duration.ofMillis(10))).build(),
        transport);

    CompletableFuture<Response> result = pipeline.execute(GET);
    timer.advance(Duration.ofMillis(10));
    transport.get(2).answer(200);

    assertThat(result.join().status()).isEqualTo(200);
    assertThat(recorder.attempts).extracting(AttemptInfo::number, AttemptInfo::hedge, AttemptInfo::resendCount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false, 0), org.assertj.core.groups.Tuple.tuple(2, true, 1));
    assertThat(recorder.results).hasSize(2);
    AttemptResult winner = recorder.results.get(0);
    AttemptResult loser = recorder.results.get(1);
    assertThat(winner.status()).isEqualTo(200);
    assertThat(loser.errorKind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(loser.cancelReason()).isEqualTo(CancelReason.LOST_RACE);
    assertThat(loser.hasStatus()).isFalse();
  }

  @Test
  void aCallTheCallerCancelsIsReportedAsCancelledAndItsAttemptAsEndedWithTheCall() {
    InMemoryTransport transport = InMemoryTransport.pending();
    CompletableFuture<Response> result = pipeline(config().build(), transport).execute(GET);

    result.cancel(true);

    assertThat(recorder.callErrors).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(recorder.results).singleElement()
        .satisfies(r -> assertThat(r.cancelReason()).isEqualTo(CancelReason.CALL_ENDED));
  }

  /** A tracer that hands out ids of its own and records how each handle ended. */
  static final class FakeTracer implements TelemetryListener, CallTracer {
    final List<String> events = new CopyOnWriteArrayList<>();
    final TraceContext root = TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null)
        .orElseThrow();

    @Override
    public Span startCall(CallInfo call, TraceContext inbound) {
      events.add("call " + call.template() + " inbound=" + (inbound == null ? "none" : inbound.spanId()));
      return new Span() {
        int attempts;

        @Override
        public TraceContext context() {
          return root;
        }

        @Override
        public Span startAttempt(int number, boolean hedge, Endpoint endpoint) {
          String spanId = String.format("%016x", 0x1000L + number);
          TraceContext child = TraceContext.parse("00-" + root.traceId() + "-" + spanId + "-01", null).orElseThrow();
          events.add("attempt " + number + " " + spanId);
          return new Span() {
            @Override public TraceContext context() { return child; }
            @Override public Span startAttempt(int n, boolean h, Endpoint e) { throw new UnsupportedOperationException(); }
            @Override public void endAttempt(AttemptResult result) { events.add("end attempt " + number + " " + result.status()); }
          };
        }

        @Override
        public void endCall(int attempts, Throwable error) {
          events.add("end call attempts=" + attempts + " error=" + error);
        }
      };
    }
  }

  @Test
  void aListenerThatIsACallTracerSuppliesTheIdsSentAndEachHandleEndsOnce() {
    FakeTracer tracer = new FakeTracer();
    InMemoryTransport transport = InMemoryTransport.answering(200);
    CallPipeline pipeline = pipeline(config().telemetry(TelemetryListener.composite(List.of(recorder, tracer)))
        .build(), transport);

    pipeline.execute(GET).join();

    assertThat(transport.get(1).attempt().context().trace().orElseThrow().toTraceparent())
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-0000000000001001-01");
    assertThat(recorder.attempts.get(0).spanId()).isEqualTo("0000000000001001");
    assertThat(tracer.events).containsExactly("call /users/{id} inbound=none", "attempt 1 0000000000001001",
        "end attempt 1 200", "end call attempts=1 error=null");
  }

  @Test
  void theTracerSeesTheInboundTraceOfTheCallersContext() {
    FakeTracer tracer = new FakeTracer();
    CallPipeline pipeline = pipeline(config().telemetry(tracer).build(), InMemoryTransport.answering(200));
    TraceContext inbound = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null)
        .orElseThrow();

    try (CallContext.Scope ignored = CallContext.empty().withTrace(inbound).attach()) {
      pipeline.execute(GET).join();
    }

    assertThat(tracer.events.get(0)).isEqualTo("call /users/{id} inbound=00f067aa0ba902b7");
  }

  @Test
  void theStateReportsEndpointsAndStatisticsLiveAndIsPublishedUntilClosed() {
    InMemoryTransport transport = InMemoryTransport.answering(200);
    CallPipeline pipeline = pipeline(config().balancer("round_robin").build(), transport);
    DestinationStates.Registration published = pipeline.publishState();
    DestinationState state = pipeline.state();

    for (int i = 0; i < 6; i++) {
      pipeline.execute(GET).join();
    }

    assertThat(DestinationStates.all()).contains(state);
    assertThat(state.service()).isEqualTo("users");
    assertThat(state.discovery().target()).isEqualTo("static:10.0.0.1:80,10.0.0.2:80,10.0.0.3:80");
    assertThat(state.discovery().updates()).isEqualTo(1);
    assertThat(state.sinceLastDiscoveryUpdate()).contains(Duration.ZERO);
    assertThat(state.endpoints()).extracting(e -> e.address())
        .containsExactly("10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80");
    assertThat(state.endpoints()).allSatisfy(e -> {
      assertThat(e.successes()).isEqualTo(2); // round robin
      assertThat(e.successRate()).isEqualTo(1.0);
      assertThat(e.available()).isTrue();
      assertThat(e.inFlight()).isZero();
    });
    assertThat(state.circuitBreakerState()).isEmpty();
    assertThat(state.concurrencyLimit()).isEmpty();
    assertThat(state.hedgeDelay()).as("default hedging shows its live delay").isPresent();
    assertThat(recorder.destinations).containsExactly("open users");

    published.close();
    published.close();
    assertThat(DestinationStates.all()).doesNotContain(state);
    assertThat(recorder.destinations).containsExactly("open users", "close users");
  }

  @Test
  void theStateCountsWhatTheBudgetBreakerAndLimitRefused() {
    InMemoryTransport transport = InMemoryTransport.byPath(Map.of("/fail", 503));
    CallPipeline pipeline = pipeline(config()
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
        .retryBudget(dev.switchboard.policy.RetryBudgetPolicy.builder().ratio(0).minRetriesPerSecond(0).build())
        .circuitBreaker(dev.switchboard.policy.CircuitBreakerPolicy.builder().countWindow(2).minimumCalls(2)
            .failureRateThreshold(0.5).build())
        .concurrencyLimit(dev.switchboard.policy.ConcurrencyLimitPolicy.fixed(5))
        .build(), transport);
    DestinationState state = pipeline.state();
    Request fail = Request.builder("GET", "/fail").build();

    for (int i = 0; i < 3; i++) {
      pipeline.execute(fail).exceptionally(e -> null).join();
    }

    assertThat(state.retryBudgetRefusals()).isEqualTo(2); // the first two calls wanted a retry
    assertThat(state.circuitBreakerState()).contains("open");
    assertThat(state.circuitBreakerRejections()).isEqualTo(1); // the third call
    assertThat(state.concurrencyLimit()).hasValue(5);
    assertThat(state.concurrencyLimitRejections()).isZero();
  }
}
