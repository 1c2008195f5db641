package dev.switchboard.http.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.pipeline.Response;
import dev.switchboard.policy.ConcurrencyLimit;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitWithScriptedServerTest {
  private final RecordingTelemetry telemetry = new RecordingTelemetry();

  @Test
  void rejectsTheCallOneAboveTheLimitWithoutSendingIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedServer server = ScriptedServer.start();
        HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl())
            .telemetry(telemetry).concurrencyLimit(ConcurrencyLimitPolicy.fixed(2)).build())) {
      server.route("GET", "/slow").handler(r -> {
        block(release);
        return Reply.ok("done");
      });
      CompletableFuture<Response> a = client.request("GET", "/slow").exchangeAsync();
      CompletableFuture<Response> b = client.request("GET", "/slow").exchangeAsync();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 2);

      CompletableFuture<Response> third = client.request("GET", "/slow").exchangeAsync();
      assertThat(third).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(Exception.class)
          .havingCause().isInstanceOfSatisfying(ServiceCallException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONCURRENCY_LIMITED));
      assertThat(server.requestCount()).isEqualTo(2);
      assertThat(telemetry.limitEvents).containsExactly("rejected 2/2");

      release.countDown();
      assertThat(a.get(5, TimeUnit.SECONDS).bodyAsString()).isEqualTo("done");
      assertThat(b.get(5, TimeUnit.SECONDS).bodyAsString()).isEqualTo("done");
      assertThat(client.request("GET", "/slow").exchange().bodyAsString()).isEqualTo("done");
      assertThat(client.policies().concurrencyLimit().orElseThrow().inFlight()).isZero();
    }
  }

  @Test
  void aCallWaitsForASlotWithinItsMaxWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ScriptedServer server = ScriptedServer.start();
        HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl())
            .concurrencyLimit(ConcurrencyLimitPolicy.fixed(1).toBuilder().maxWait(Duration.ofSeconds(10)).build())
            .build())) {
      server.route("GET", "/slow").handler(r -> {
        block(release);
        return Reply.ok("done");
      });
      CompletableFuture<Response> first = client.request("GET", "/slow").exchangeAsync();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);
      CompletableFuture<Response> second = client.request("GET", "/slow").exchangeAsync();
      assertThat(second).isNotDone();
      assertThat(server.requestCount()).isEqualTo(1); // waiting, not sent
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(second.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void anAdaptiveLimitShrinksOnErrorsAndGrowsBackUnderLoad() {
    try (ScriptedServer server = ScriptedServer.start();
        HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl())
            .telemetry(telemetry).retryPolicy(RetryPolicy.noRetries())
            .concurrencyLimit(ConcurrencyLimitPolicy.aimd().initialLimit(10).minLimit(1).maxLimit(50).build())
            .build())) {
      ConcurrencyLimit limit = client.policies().concurrencyLimit().orElseThrow();
      server.route("GET", "/x").reply(Reply.status(503));
      for (int i = 0; i < 10; i++) {
        round(client, limit.limit());
      }
      int low = limit.limit();
      assertThat(low).isLessThan(5);

      server.route("GET", "/x").reply(Reply.ok("ok").delay(Duration.ofMillis(5)));
      for (int i = 0; i < 15; i++) {
        round(client, limit.limit()); // a full limit's worth at once: the server keeps up
      }
      assertThat(limit.limit()).isGreaterThan(low + 5);
      assertThat(telemetry.limitEvents).anyMatch(e -> e.startsWith("changed 10->9"));
    }
  }

  /** Sends {@code n} calls at once and waits for all of them. */
  private static void round(HttpServiceClient client, int n) {
    List<CompletableFuture<Response>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(client.request("GET", "/x").exchangeAsync());
    }
    for (CompletableFuture<Response> c : calls) {
      try {
        c.join();
      } catch (CompletionException expected) {
        // 503s and limit rejections are part of the exercise
      }
    }
  }

  private static void block(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
