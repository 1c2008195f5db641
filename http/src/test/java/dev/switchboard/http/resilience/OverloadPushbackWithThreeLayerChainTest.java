package dev.switchboard.http.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.OverloadPushbackFilter;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.FakeTicker;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A (the test's client) → B (a JDK HttpServer whose handler calls C) → C (a ScriptedServer that is
 * down: always 503). Every layer retries up to 3 attempts.
 */
class OverloadPushbackWithThreeLayerChainTest {
  static {
    // The JDK HttpServer leaves Nagle on, which costs ~40 ms per small response on loopback.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final RetryPolicy QUICK = RetryPolicy.builder().backoff(Duration.ZERO, 1.0, Duration.ZERO).build();
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void theLeafSeesAtMostTwelveTenthsOfTheTopsRequests() throws IOException {
    int calls = 200;
    try (ScriptedServer leaf = ScriptedServer.start();
        Middle middle = new Middle(leaf, true, RetryBudgetPolicy.builder().minRetriesPerSecond(0).build());
        HttpServiceClient top = new HttpServiceClient(ServiceConfig.builder().baseUrl(middle.url())
            .ticker(ticker).retryPolicy(QUICK).build())) {
      leaf.route("GET", "/leaf").reply(Reply.status(503));
      for (int i = 0; i < calls; i++) {
        ServiceCallException e = catchThrowableOfType(ServiceCallException.class, () -> top.request("GET", "/mid").exchange());
        assertThat(e.retryable()).isFalse();
        assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("asked not to retry"));
      }
      assertThat(middle.requests.get()).isEqualTo(calls); // the top never retried
      assertThat(leaf.requestCount()).isLessThanOrEqualTo(calls * 12 / 10);
      assertThat(leaf.requestCount()).isGreaterThan(calls); // the middle, just above the failure, did retry
    }
  }

  @Test
  void naiveRetriesAtEveryLayerGiveNineTimesTheLoad() throws IOException {
    int calls = 20;
    try (ScriptedServer leaf = ScriptedServer.start();
        Middle middle = new Middle(leaf, false, RetryBudgetPolicy.unlimited());
        HttpServiceClient top = new HttpServiceClient(ServiceConfig.builder().baseUrl(middle.url())
            .ticker(ticker).retryPolicy(QUICK).retryBudget(RetryBudgetPolicy.unlimited()).build())) {
      leaf.route("GET", "/leaf").reply(Reply.status(503));
      for (int i = 0; i < calls; i++) {
        catchThrowableOfType(ServiceCallException.class, () -> top.request("GET", "/mid").exchange());
      }
      assertThat(middle.requests.get()).isEqualTo(3 * calls);
      assertThat(leaf.requestCount()).isEqualTo(9 * calls);
    }
  }

  @Test
  void aHandlerThatThrowsGetsA503WithMinusOne() throws Exception {
    try (ScriptedServer leaf = ScriptedServer.start();
        Middle middle = new Middle(leaf, true, RetryBudgetPolicy.defaults())) {
      leaf.route("GET", "/leaf").reply(Reply.status(503));
      middle.rethrow = true;
      HttpResponse<String> r = rawGet(middle.url() + "/mid");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("x-retry-pushback-ms")).contains("-1");
    }
  }

  @Test
  void failuresThatAreNotADownstreamGivingUpGetNoHeader() throws Exception {
    try (ScriptedServer leaf = ScriptedServer.start();
        Middle middle = new Middle(leaf, true, RetryBudgetPolicy.defaults())) {
      leaf.route("GET", "/leaf").reply(Reply.status(404)); // not retryable: nothing ran out
      HttpResponse<String> r = rawGet(middle.url() + "/mid");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("x-retry-pushback-ms")).isEmpty();

      leaf.route("GET", "/leaf").reply(Reply.status(503));
      middle.fallback = true; // the handler recovers: a 200 never carries the header
      HttpResponse<String> ok = rawGet(middle.url() + "/mid");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("x-retry-pushback-ms")).isEmpty();
    }
  }

  private static HttpResponse<String> rawGet(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** B: calls the leaf for every request; on failure answers 503 itself (or throws, or falls back). */
  private final class Middle implements AutoCloseable {
    final AtomicInteger requests = new AtomicInteger();
    final HttpServer server;
    final HttpServiceClient leafClient;
    volatile boolean rethrow;
    volatile boolean fallback;

    Middle(ScriptedServer leaf, boolean pushbackFilter, RetryBudgetPolicy budget) throws IOException {
      leafClient = new HttpServiceClient(ServiceConfig.builder().baseUrl(leaf.baseUrl()).ticker(ticker)
          .retryPolicy(QUICK).retryBudget(budget).build());
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      var context = server.createContext("/mid", this::handle);
      if (pushbackFilter) {
        context.getFilters().add(new OverloadPushbackFilter());
      }
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void handle(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      int status;
      String body;
      try {
        body = leafClient.request("GET", "/leaf").exchange().bodyAsString();
        status = 200;
      } catch (ServiceCallException e) {
        if (rethrow) {
          throw e;
        }
        status = fallback ? 200 : 503;
        body = fallback ? "fallback" : "leaf failed: " + e.kind();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      leafClient.close();
    }
  }
}
