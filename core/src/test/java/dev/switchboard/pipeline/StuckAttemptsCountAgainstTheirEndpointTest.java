package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the end of an attempt says about its endpoint (issue 17): an attempt stuck until a hedge or
 * the deadline beat it counts against its endpoint; one the caller cancelled, or a hedge that lost
 * to the original, does not. The real pipeline on the fake clock; only the wire is in memory.
 */
class StuckAttemptsCountAgainstTheirEndpointTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();

  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler timer = new FakeScheduler(ticker);
  private final List<Destination> destinations = new ArrayList<>();
  private Destination destination;

  @AfterEach
  void close() {
    destinations.forEach(Destination::close);
  }

  private CallPipeline pipeline(String target, HedgingPolicy hedging, Transport transport) {
    ServiceConfig config = ServiceConfig.builder().name("users").target(target).ticker(ticker).timer(timer)
        .timeout(Duration.ofSeconds(1)).retryPolicy(RetryPolicy.noRetries()).hedgingPolicy(hedging).build();
    destination = Destination.open(config);
    destinations.add(destination);
    return CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(), destination,
        transport, ResponseClassifier.httpStatus());
  }

  private EndpointStats statsOf(InMemoryTransport.Exchange e) {
    return destination.stats().of(e.attempt().endpoint());
  }

  @Test
  void anOriginalThatAHedgeBeatCountsAsATimeoutOfItsEndpoint() {
    InMemoryTransport wire = InMemoryTransport.pending();
    CompletableFuture<Response> call = pipeline("static:10.0.0.1:80,10.0.0.2:80",
        HedgingPolicy.fixed(Duration.ofMillis(10)), wire).execute(GET);
    timer.advance(Duration.ofMillis(10));
    assertThat(wire.exchanges).hasSize(2);
    wire.get(2).answer(200);

    assertThat(call.join().status()).isEqualTo(200);
    assertThat(statsOf(wire.get(1)).failures()).isEqualTo(1);
    assertThat(statsOf(wire.get(1)).consecutiveFailures()).isEqualTo(1);
    assertThat(statsOf(wire.get(2)).successes()).isEqualTo(1);
  }

  @Test
  void aHedgeThatLostToTheOriginalIsNotHeldAgainstItsEndpoint() {
    InMemoryTransport wire = InMemoryTransport.pending();
    CompletableFuture<Response> call = pipeline("static:10.0.0.1:80,10.0.0.2:80",
        HedgingPolicy.fixed(Duration.ofMillis(10)), wire).execute(GET);
    timer.advance(Duration.ofMillis(10));
    timer.advance(Duration.ofMillis(5));
    wire.get(1).answer(200);

    assertThat(call.join().status()).isEqualTo(200);
    assertThat(statsOf(wire.get(2)).failures()).isZero();
    assertThat(statsOf(wire.get(2)).successes()).isZero();
    assertThat(statsOf(wire.get(2)).inFlight()).isZero();
  }

  @Test
  void anAttemptStillWaitingWhenTheDeadlinePassesCountsAsATimeout() {
    InMemoryTransport wire = InMemoryTransport.pending();
    CompletableFuture<Response> call = pipeline("static:10.0.0.1:80", HedgingPolicy.disabled(), wire).execute(GET);
    timer.advance(Duration.ofSeconds(1));

    assertThat(call).isCompletedExceptionally();
    assertThat(statsOf(wire.get(1)).failures()).isEqualTo(1);
    assertThat(destination.stats().of(wire.get(1).attempt().endpoint()).inFlight()).isZero();
  }

  @Test
  void anAttemptTheCallerCancelledSaysNothingAboutItsEndpoint() {
    InMemoryTransport wire = InMemoryTransport.pending();
    CompletableFuture<Response> call = pipeline("static:10.0.0.1:80", HedgingPolicy.disabled(), wire).execute(GET);
    timer.advance(Duration.ofMillis(300));
    call.cancel(true);

    assertThat(statsOf(wire.get(1)).failures()).isZero();
    assertThat(statsOf(wire.get(1)).successes()).isZero();
    assertThat(statsOf(wire.get(1)).inFlight()).isZero();
  }
}
