package dev.switchboard.http.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import dev.switchboard.testing.SeededRandom;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriesWithScriptedServerTest {
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingTelemetry telemetry = new RecordingTelemetry();

  private ServiceConfig.Builder config(String target) {
    return ServiceConfig.builder().target(target).name("users").ticker(ticker).telemetry(telemetry)
        .retryPolicy(RetryPolicy.builder().random(new SeededRandom(42)).build());
  }

  @Test
  void aSequenceOf503503200SucceedsOnAttempt3WithEachAttemptOnADifferentReplica() {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      AtomicInteger served = new AtomicInteger();
      replicas.each(s -> s.route("GET", "/users/1").handler(r ->
          served.incrementAndGet() <= 2 ? Reply.status(503) : Reply.json(200, "{\"id\":1}")));
      try (HttpServiceClient client = new HttpServiceClient(config(replicas.staticTarget()).build())) {
        Response response = client.request("GET", "/users/1").exchange();

        assertThat(response.status()).isEqualTo(200);
        assertThat(replicas.requestCounts()).containsExactly(1, 1, 1);
        RecordedRequest winner = replicas.servers().stream()
            .flatMap(s -> s.requests().stream()).filter(r -> "3".equals(r.header("x-request-attempt")))
            .findFirst().orElseThrow();
        assertThat(response.endpoint().port()).isEqualTo(serverOf(replicas, winner).port());
        assertThat(telemetry.retries).hasSize(2);
        RetryPolicy p = client.config().retryPolicy();
        for (int i = 0; i < 2; i++) {
          assertThat(telemetry.retries.get(i).nextAttempt()).isEqualTo(i + 2);
          assertThat(telemetry.retries.get(i).backoff().toNanos())
              .isBetween(0L, p.backoffCeilingNanos(i + 1)); // [0, 25 ms], then [0, 50 ms]
        }
      }
    }
  }

  @Test
  void thePipelineRetriesUpToMaxRetriesFromTheSeedsOneLiner() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/x").reply(Reply.status(502));
      ServiceConfig c = ServiceConfig.of(server.baseUrl(), Duration.ofSeconds(5), 1);
      assertThat(c.retryPolicy().maxAttempts()).isEqualTo(2);
      try (HttpServiceClient client = new HttpServiceClient(c)) {
        ServiceCallException e = catchThrowableOfType(ServiceCallException.class,
            () -> client.request("GET", "/x").exchange());
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("maxAttempts (2)"));
      }
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void aPostWithoutIdempotencyKeyIsNotRetriedOn503() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("POST", "/orders").reply(Reply.status(503));
      try (HttpServiceClient client = new HttpServiceClient(config("static:" + server.endpointAddress()).build())) {
        ServiceCallException e = catchThrowableOfType(ServiceCallException.class,
            () -> client.request("POST", "/orders").body(Map.of("item", 1)).exchange());
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("POST is not idempotent"));
        assertThat(server.requestCount()).isEqualTo(1);

        catchThrowableOfType(ServiceCallException.class, () -> client.request("POST", "/orders")
            .header("Idempotency-Key", "order-7").body(Map.of("item", 1)).exchange());
        assertThat(server.requestCount()).isEqualTo(1 + 3); // with a key it is retried
      }
    }
  }

  @Test
  void aPostIsRetriedOnConnectionRefused() throws IOException {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      dead = s.getLocalPort(); // closed again: connecting is refused
    }
    try (ScriptedServer live = ScriptedServer.start()) {
      live.route("POST", "/orders").reply(Reply.json(201, "{}"));
      String target = "static:127.0.0.1:" + dead + "," + live.endpointAddress();
      // round robin, so some POST starts on the dead endpoint (peak_ewma prefers the one that answered)
      try (HttpServiceClient client = new HttpServiceClient(config(target).balancer("round_robin").build())) {
        for (int i = 0; i < 4; i++) {
          assertThat(client.request("POST", "/orders").body(Map.of("item", i)).exchange().status()).isEqualTo(201);
        }
      }
      assertThat(live.requestCount()).isEqualTo(4); // each order reached the server exactly once
      assertThat(telemetry.retries).isNotEmpty()
          .allSatisfy(r -> assertThat(r.cause().kind()).isEqualTo(ErrorKind.CONNECT_FAILED));
    }
  }

  @Test
  void retryAfterOnOneReplicaMovesTheCallToAnotherAtOnceAndKeepsTrafficAway() {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      AtomicInteger served = new AtomicInteger();
      AtomicInteger pushedBack = new AtomicInteger(-1);
      for (int i = 0; i < 3; i++) {
        int index = i;
        replicas.get(i).route("GET", "/users/1").handler(r -> {
          if (served.incrementAndGet() == 1) {
            pushedBack.set(index);
            return Reply.status(503).header("Retry-After", "2");
          }
          return Reply.json(200, "{}");
        });
      }
      // round robin: after its back-off the replica is in turn again (a P2C policy would weigh its 503)
      try (HttpServiceClient client = new HttpServiceClient(config(replicas.staticTarget()).balancer("round_robin").build())) {
        assertThat(client.request("GET", "/users/1").exchange().status()).isEqualTo(200);
        assertThat(telemetry.retries).singleElement()
            .satisfies(r -> assertThat(r.backoff()).isEqualTo(Duration.ZERO)); // at once, elsewhere
        ScriptedServer slow = replicas.get(pushedBack.get());
        assertThat(slow.requestCount()).isEqualTo(1);

        for (int i = 0; i < 6; i++) {
          client.request("GET", "/users/1").exchange();
        }
        assertThat(slow.requestCount()).isEqualTo(1); // backing off for 2 s of (fake) time

        ticker.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 6; i++) {
          client.request("GET", "/users/1").exchange();
        }
        assertThat(slow.requestCount()).isGreaterThan(1);
      }
    }
  }

  @Test
  void aSingleReplicaPushingBackPastTheDeadlineFailsFastWithRateLimited() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/users/1").reply(Reply.status(503).header("Retry-After", "2"));
      ServiceConfig c = config("static:" + server.endpointAddress()).timeout(Duration.ofMillis(500)).build();
      try (HttpServiceClient client = new HttpServiceClient(c)) {
        ServiceCallException e = catchThrowableOfType(ServiceCallException.class,
            () -> client.request("GET", "/users/1").exchange());
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("before the deadline"));
        assertThat(e.getSuppressed()).singleElement().satisfies(s ->
            assertThat(((ServiceCallException) s).kind()).isEqualTo(ErrorKind.SERVER_ERROR));
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(client.policies().retryBudget().balance()).isEqualTo(100); // the unsent retry was refunded

        ServiceCallException next = catchThrowableOfType(ServiceCallException.class,
            () -> client.request("GET", "/users/1").exchange());
        assertThat(next.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(server.requestCount()).isEqualTo(1); // nothing sent while it backs off
      }
    }
  }

  @Test
  void theOnlyReplicaIsRetriedOnceItsPushbackEndsBeforeTheDeadline() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/x").sequence(Reply.status(429).header("x-retry-pushback-ms", "30"), Reply.ok("ok"));
      ServiceConfig c = ServiceConfig.builder().baseUrl(server.baseUrl()).telemetry(telemetry).build(); // real time
      try (HttpServiceClient client = new HttpServiceClient(c)) {
        assertThat(client.request("GET", "/x").exchange().bodyAsString()).isEqualTo("ok");
      }
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void aNegativePushbackIsNeverRetried() {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.status(503).header("x-retry-pushback-ms", "-1"));
      try (HttpServiceClient client = new HttpServiceClient(config(replicas.staticTarget()).build())) {
        ServiceCallException e = catchThrowableOfType(ServiceCallException.class,
            () -> client.request("GET", "/x").exchange());
        assertThat(e.retryable()).isFalse();
        assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("asked not to retry"));
      }
      assertThat(replicas.totalRequestCount()).isEqualTo(1);
      assertThat(telemetry.refusals).singleElement().asString().contains("asked not to retry");
    }
  }

  @Test
  void garbagePushbackHeadersAreIgnoredNotThrown() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/x").sequence(
          Reply.status(503).header("Retry-After", "soon-ish"),
          Reply.status(503).header("x-retry-pushback-ms", "12abc"),
          Reply.ok("fine"));
      try (HttpServiceClient client = new HttpServiceClient(config("static:" + server.endpointAddress()).build())) {
        assertThat(client.request("GET", "/x").exchange().bodyAsString()).isEqualTo("fine");
      }
      assertThat(server.requestCount()).isEqualTo(3); // one replica, not backing off: plain retries
    }
  }

  @Test
  void aPerAttemptTimeoutCancelsTheSlowAttemptAndRetries() {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      AtomicInteger served = new AtomicInteger();
      replicas.each(s -> s.route("GET", "/x").handler(r ->
          served.incrementAndGet() == 1 ? Reply.ok("late").delay(Duration.ofSeconds(10)) : Reply.ok("quick")));
      ServiceConfig c = ServiceConfig.builder().target(replicas.staticTarget()).telemetry(telemetry)
          .retryPolicy(RetryPolicy.builder().perAttemptTimeout(Duration.ofMillis(200)).build()).build();
      try (HttpServiceClient client = new HttpServiceClient(c)) {
        assertThat(client.request("GET", "/x").exchange().bodyAsString()).isEqualTo("quick");
      }
      assertThat(telemetry.retries).singleElement()
          .satisfies(r -> assertThat(r.cause().kind()).isEqualTo(ErrorKind.TIMEOUT));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> replicas.abortedExchanges() == 1);
    }
  }

  @Test
  void aBackoffThatWouldPassTheDeadlineIsNotTaken() {
    // Find a seed whose first backoff (uniform in [0, 1 s]) exceeds the 300 ms the call has.
    long seed = 1;
    while (policy(seed).backoffNanos(1) <= Duration.ofMillis(300).toNanos()) {
      seed++;
    }
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/x").reply(Reply.status(503));
      ServiceConfig c = config("static:" + server.endpointAddress()).timeout(Duration.ofMillis(300))
          .retryPolicy(policy(seed)).build();
      try (HttpServiceClient client = new HttpServiceClient(c)) {
        ServiceCallException e = catchThrowableOfType(ServiceCallException.class,
            () -> client.request("GET", "/x").exchange());
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("would pass the deadline"));
      }
      assertThat(server.requestCount()).isEqualTo(1);
      assertThat(telemetry.retries).isEmpty();
    }
  }

  private static RetryPolicy policy(long seed) {
    return RetryPolicy.builder().backoff(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1))
        .random(new SeededRandom(seed)).build();
  }

  private static ScriptedServer serverOf(ScriptedServers replicas, RecordedRequest r) {
    return replicas.servers().stream().filter(s -> s.requests().contains(r)).findFirst().orElseThrow();
  }
}
