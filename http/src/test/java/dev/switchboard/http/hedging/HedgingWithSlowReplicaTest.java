package dev.switchboard.http.hedging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.telemetry.TelemetryListener.HedgeEvent;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hedging over real loopback replicas, one of which always takes a second to answer. */
class HedgingWithSlowReplicaTest {
  private final HedgeEvents telemetry = new HedgeEvents();

  private ServiceConfig config(ScriptedServers replicas, HedgingPolicy hedging) {
    // round robin: every third call starts on the slow replica, which is what these tests hedge
    // (the default P2C would mostly avoid it on its own)
    return ServiceConfig.builder().name("users").target(replicas.staticTarget()).balancer("round_robin")
        .timeout(Duration.ofSeconds(5)).hedgingPolicy(hedging).telemetry(telemetry).build();
  }

  @Test
  void withA50MsHedgeEveryCallBeatsTheSlowReplicaOnAnotherOneAndTheLoserIsAborted() {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      ScriptedServer slow = replicas.get(0);
      slow.route("GET", "/users/{id}").reply(Reply.ok("slow").delay(Duration.ofSeconds(1)));
      replicas.get(1).route("GET", "/users/{id}").reply(Reply.ok("fast"));
      replicas.get(2).route("GET", "/users/{id}").reply(Reply.ok("fast"));
      int calls = 9;
      warmUp(replicas.get(1));
      try (HttpServiceClient client = new HttpServiceClient(
          config(replicas, HedgingPolicy.fixed(Duration.ofMillis(50))))) {
        for (int i = 0; i < calls; i++) {
          long start = System.nanoTime();
          Response r = client.request("GET", "/users/" + i).exchange();
          Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
          assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("fast");
          // The slow replica answers only after 1 s: a call under 1 s never waited for it.
          assertThat(elapsed).isLessThan(Duration.ofSeconds(1));
        }
      }

      List<RecordedRequest> slowOriginals = slow.requests().stream()
          .filter(r -> r.header("x-request-hedge") == null).toList();
      assertThat(slowOriginals).isNotEmpty(); // round robin sent some first attempts there
      for (RecordedRequest original : slowOriginals) {
        assertThat(original.header("x-request-attempt")).isEqualTo("1");
        List<RecordedRequest> hedges = replicas.servers().stream().filter(s -> s != slow)
            .flatMap(s -> s.requests().stream())
            .filter(h -> original.header("x-request-id").equals(h.header("x-request-id")))
            .toList();
        assertThat(hedges).singleElement().satisfies(h -> { // on another replica
          assertThat(h.header("x-request-hedge")).isEqualTo("1");
          assertThat(h.header("x-request-attempt")).isEqualTo("2");
          assertThat(h.path()).isEqualTo(original.path());
        });
      }
      long issued = telemetry.count(HedgeEvent.ISSUED);
      assertThat(issued).isGreaterThanOrEqualTo(slowOriginals.size());
      assertThat(replicas.totalRequestCount()).isEqualTo(calls + issued);
      assertThat(telemetry.count(HedgeEvent.WON) + telemetry.count(HedgeEvent.LOST)).isEqualTo(issued);
      // Every exchange the slow replica got lost the race, was aborted on the wire, and it saw that.
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.abortedExchanges() == slow.requestCount());
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.openConnections() == 0); // not reused
    }
  }

  /** Class loading and JIT on a plain client first, so the first measured call is not an outlier. */
  private static void warmUp(ScriptedServer fast) {
    try (HttpServiceClient warm = new HttpServiceClient(ServiceConfig.of(fast.baseUrl()))) {
      for (int i = 0; i < 20; i++) {
        warm.request("GET", "/users/warm").exchange();
      }
    }
    fast.clear();
  }

  @Test
  void aPostWithoutIdempotencyKeyIsNeverHedgedWhileAKeyedOneIsWhenOptedIn() {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("POST", "/orders", Reply.status(201).delay(Duration.ofMillis(300)));
      HedgingPolicy hedging = HedgingPolicy.builder().fixedDelay(Duration.ofMillis(20)).keyedMethods("POST").build();
      try (HttpServiceClient client = new HttpServiceClient(config(replicas, hedging))) {
        assertThat(client.request("POST", "/orders").body("{}").exchange().status()).isEqualTo(201);
        assertThat(replicas.totalRequestCount()).isEqualTo(1);
        assertThat(telemetry.events).isEmpty();

        assertThat(client.request("POST", "/orders").header("Idempotency-Key", "order-7").body("{}")
            .exchange().status()).isEqualTo(201);
        assertThat(replicas.totalRequestCount()).isEqualTo(3);
        assertThat(telemetry.count(HedgeEvent.ISSUED)).isEqualTo(1);
      }
      assertThat(replicas.servers().stream().flatMap(s -> s.requests().stream())
          .filter(r -> "1".equals(r.header("x-request-hedge")))
          .map(r -> r.header("idempotency-key")).toList()).containsExactly("order-7");
    }
  }

  @Test
  void hedgingPostsIsRefusedWhenTheClientIsConfiguredNotDroppedAtCallTime() {
    assertThatThrownBy(() -> ServiceConfig.builder().baseUrl("http://127.0.0.1:1")
        .hedgingPolicy(HedgingPolicy.builder().methods("GET", "POST").build()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyedMethods(\"POST\")");
  }
}
