package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.Picker;
import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call whose first attempt waits for discovery (a gRPC channel's first connection on a cold
 * start) is still hedged: the hedge timer counts from the moment the attempt goes out, bounded by
 * the time then left, not from the call's start. Before, a wait longer than the hedge delay left
 * the call with no hedge at all, so a first attempt on a hung replica ended as DEADLINE_EXCEEDED.
 * The real pipeline on the fake clock; the wire is in memory, and discovery answers when the test
 * says.
 */
class HedgingAfterADiscoveryWaitTest {
  private static final Request GET = Request.builder("GET", "/users/1").build();

  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler timer = new FakeScheduler(ticker);
  private final CompletableFuture<Void> discovered = new CompletableFuture<>();
  private Destination destination;

  @AfterEach
  void close() {
    destination.close();
  }

  /** The destination's endpoints, but ready only once {@link #discovered} completes. */
  private CallPipeline pipeline(Transport transport) {
    ServiceConfig config = ServiceConfig.builder().name("users").target("static:10.0.0.1:80,10.0.0.2:80")
        .ticker(ticker).timer(timer).timeout(Duration.ofSeconds(1)).retryPolicy(RetryPolicy.noRetries())
        .hedgingPolicy(HedgingPolicy.defaults()).build();
    destination = Destination.open(config);
    Endpoints late = new Endpoints() {
      @Override
      public Picker picker() {
        return destination.picker();
      }

      @Override
      public EndpointStatsRegistry stats() {
        return destination.stats();
      }

      @Override
      public CompletableFuture<Void> ready() {
        return discovered;
      }

      @Override
      public Duration readyTimeout() {
        return Duration.ofSeconds(5);
      }

      @Override
      public RejectedCallException notReadyError() {
        return destination.notReadyError();
      }
    };
    return CallPipeline.assemble(config.name(), config.timeout(), config.filters(), config.policies(), late,
        transport, ResponseClassifier.httpStatus());
  }

  @Test
  void aFirstAttemptThatWaitedMostOfTheCallsTimeIsHedgedWithinWhatIsLeft() {
    InMemoryTransport wire = InMemoryTransport.pending();
    CompletableFuture<Response> call = pipeline(wire).execute(GET);
    timer.advance(Duration.ofMillis(700)); // past the ½-of-the-call bound (500 ms): the old timer gave up
    assertThat(wire.exchanges).isEmpty();

    discovered.complete(null);
    assertThat(wire.exchanges).hasSize(1);
    timer.advance(Duration.ofMillis(149));
    assertThat(wire.exchanges).as("no hedge before ½ of the 300 ms left").hasSize(1);
    timer.advance(Duration.ofMillis(1));
    assertThat(wire.exchanges).hasSize(2);
    assertThat(wire.get(2).attempt().hedge()).isTrue();
    assertThat(wire.get(2).attempt().endpoint()).isNotEqualTo(wire.get(1).attempt().endpoint());
    wire.get(2).answer(200);

    assertThat(call.join().status()).isEqualTo(200);
  }

  @Test
  void aFirstAttemptThatWaitedBrieflyIsHedgedAfterTheUsualDelayFromItsSend() {
    InMemoryTransport wire = InMemoryTransport.pending();
    CompletableFuture<Response> call = pipeline(wire).execute(GET);
    timer.advance(Duration.ofMillis(100));
    discovered.complete(null);
    timer.advance(Duration.ofMillis(449)); // min(½ of the 900 ms left, the cold maximum 1 s) = 450 ms
    assertThat(wire.exchanges).hasSize(1);
    timer.advance(Duration.ofMillis(1));
    assertThat(wire.exchanges).hasSize(2);
    wire.get(1).answer(200);

    assertThat(call.join().status()).isEqualTo(200);
  }
}
