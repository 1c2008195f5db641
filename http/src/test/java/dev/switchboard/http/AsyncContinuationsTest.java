package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.http.transport.HttpTransportFactory;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.transport.ConnectionPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Continuations of async calls run off the transport's I/O threads: one that blocks cannot stall
 * the other calls of its client, even when the transport has a single I/O thread.
 */
class AsyncContinuationsTest {
  private final ScriptedServer server = ScriptedServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpServiceClient client(String transport) {
    return new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl()).timeout(Duration.ofSeconds(10))
        .transport(transport.equals("apache") ? HttpTransportFactory.apache() : HttpTransportFactory.jdk())
        .connections(transport.equals("apache") ? ConnectionPolicy.builder().ioThreads(1).build()
            : ConnectionPolicy.defaults())
        .build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"apache", "jdk"})
  void aContinuationThatBlocksDoesNotStallTheClientsOtherCalls(String transport) throws Exception {
    server.route("GET", "/x").reply(Reply.ok("x"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> blockedOn = new AtomicReference<>();
    try (HttpServiceClient client = client(transport)) {
      CompletableFuture<String> blocking = client.request("GET", "/x").exchangeAsync().thenApply(r -> {
        blockedOn.set(Thread.currentThread().getName());
        try {
          release.await(10, TimeUnit.SECONDS); // a user's blocking call inside a continuation
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return r.bodyAsString();
      });
      for (int i = 0; i < 20; i++) { // more calls than I/O threads, while the continuation blocks
        assertThat(client.request("GET", "/x").exchangeAsync().thenApply(r -> r.bodyAsString())
            .get(5, TimeUnit.SECONDS)).isEqualTo("x");
      }
      assertThat(blocking).isNotDone();
      assertThat(blockedOn.get()).startsWith("switchboard-http-callback-");
      release.countDown();
      assertThat(blocking.get(5, TimeUnit.SECONDS)).isEqualTo("x");
    }
  }

  @Test
  void continuationsStillSeeTheCallersContextAndCancellingStillAbortsTheCall() throws Exception {
    server.route("GET", "/x").reply(Reply.ok("x"));
    server.route("GET", "/hang").reply(Reply.neverAnswer());
    try (HttpServiceClient client = client("apache");
        CallContext.Scope ignored = CallContext.empty().withCorrelationId("corr-1").attach()) {
      AtomicReference<String> seen = new AtomicReference<>();
      client.request("GET", "/x").exchangeAsync()
          .thenRun(() -> seen.set(CallContext.current().correlationId().orElse("none")))
          .get(5, TimeUnit.SECONDS);
      assertThat(seen.get()).isEqualTo("corr-1");

      CompletableFuture<?> hanging = client.request("GET", "/hang").exchangeAsync();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount("GET", "/hang") == 1);
      hanging.cancel(true);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.abortedExchanges() == 1);
    }
  }
}
