package dev.switchboard.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.ContextKey;
import dev.switchboard.context.CorrelationId;
import dev.switchboard.context.InboundOptions;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.LogCapture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallContextFilterTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private static ExecutorService pool() {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "filter-test-server");
      t.setDaemon(true);
      return t;
    });
  }

  private Hop hop(InboundOptions options, Hop.Handler handler) throws Exception {
    Hop hop = Hop.start("test", options, pool(), handler);
    closeables.add(hop);
    return hop;
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAlreadyExpiredRequestIsAnswered504WithoutRunningTheHandler() throws Exception {
    List<String> expired = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onInboundExpired(String method, String path) {
        expired.add(method + " " + path);
      }
    };
    Hop hop = hop(InboundOptions.builder().telemetry(telemetry).build(), (ex, s) -> Hop.send(ex, 200, "{}"));

    HttpResponse<String> response = get(hop.baseUrl() + "/work?x=1", "x-request-timeout-ms", "0", "x-request-id", "late-1");
    HttpResponse<String> grpcStyle = get(hop.baseUrl() + "/work", "grpc-timeout", "0m");
    HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(hop.baseUrl() + "/work"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("x-request-timeout-ms", "0").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("x-request-id")).contains("late-1");
    assertThat(grpcStyle.statusCode()).isEqualTo(504);
    assertThat(head.statusCode()).isEqualTo(504);
    assertThat(hop.seen).isEmpty();
    assertThat(hop.arrivals.get()).isEqualTo(3);
    assertThat(expired).containsExactly("GET /work", "GET /work", "HEAD /work");
    assertThat(hop.leaks.get()).isZero();
  }

  @Test
  void aGeneratedIdIsEchoedWhenNoneOrAnInvalidOneIsSent() throws Exception {
    Hop hop = hop(InboundOptions.defaults(), (ex, s) -> Hop.send(ex, 200, "{}"));

    HttpResponse<String> none = get(hop.baseUrl() + "/");
    HttpResponse<String> invalid = get(hop.baseUrl() + "/", "x-request-id", "no spaces allowed");
    HttpResponse<String> fallback = get(hop.baseUrl() + "/", "x-correlation-id", "corr-7");

    String generated = none.headers().firstValue("x-request-id").orElseThrow();
    assertThat(CorrelationId.isValid(generated)).isTrue();
    assertThat(hop.seen.get(0).correlationId()).isEqualTo(generated);
    assertThat(invalid.headers().firstValue("x-request-id").orElseThrow())
        .isNotEqualTo("no spaces allowed").matches("[0-9a-f]{32}");
    assertThat(fallback.headers().firstValue("x-request-id")).contains("corr-7");
  }

  @Test
  void aThrowingHandlerGets500AndLeavesNoContextOrMdcBehind() throws Exception {
    Hop hop = hop(InboundOptions.defaults(), (ex, s) -> {
      if (ex.getRequestURI().getPath().equals("/boom")) {
        throw new IllegalStateException("handler bug");
      }
      Hop.send(ex, 200, "{}");
    });

    HttpResponse<String> boom = get(hop.baseUrl() + "/boom", "x-request-id", "boom-1");
    HttpResponse<String> after = get(hop.baseUrl() + "/fine");

    assertThat(boom.statusCode()).isEqualTo(500); // the handler's own failure, not the input's
    assertThat(boom.headers().firstValue("x-request-id")).contains("boom-1");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(hop.leaks.get()).isZero();
  }

  @Test
  void serversSeeTheAttemptNumberAndHedgeFlagInTheBoundContext() throws Exception {
    Hop hop = hop(InboundOptions.defaults(), (ex, s) -> Hop.send(ex, 200, "{}"));
    ServiceConfig hedging = ServiceConfig.builder().baseUrl(hop.baseUrl())
        .addFilter((request, chain) -> chain.proceed(request.toBuilder().hedge(true).build()))
        .build();
    try (HttpServiceClient plain = new HttpServiceClient(ServiceConfig.of(hop.baseUrl()));
        HttpServiceClient hedged = new HttpServiceClient(hedging)) {
      plain.getJson("/a");
      hedged.getJson("/b");
    }
    assertThat(hop.seen).extracting(Hop.Seen::attempt).containsExactly(1, 1);
    assertThat(hop.seen).extracting(Hop.Seen::hedge).containsExactly(false, true);
  }

  @Test
  void aFilterAfterItCanBindADerivedContextForTheHandler() throws Exception {
    ContextKey<String> marker = ContextKey.named("pushback-marker");
    AtomicReference<String> seen = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    ExecutorService executor = pool();
    server.setExecutor(executor);
    var context = server.createContext("/", ex -> {
      CallContext c = CallContext.current();
      seen.set(c.correlationId().orElse("-") + "/" + c.get(marker).orElse("-"));
      Hop.send(ex, 200, "{}");
    });
    AtomicReference<CallContext> afterInner = new AtomicReference<>();
    Filter inner = new Filter() { // composes like OverloadPushbackFilter: binds a marker inside our scope
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws java.io.IOException {
        try (CallContext.Scope s = CallContext.current().with(marker, "armed").attach()) {
          chain.doFilter(ex);
        }
        afterInner.set(CallContext.current());
      }

      @Override
      public String description() {
        return "inner";
      }
    };
    context.getFilters().addAll(List.of(new CallContextFilter(), inner));
    server.start();
    closeables.add(() -> {
      server.stop(0);
      executor.shutdownNow();
    });

    get("http://127.0.0.1:" + server.getAddress().getPort() + "/", "x-request-id", "composed-1");

    assertThat(seen.get()).isEqualTo("composed-1/armed");
    // The inner filter records after the response went out: wait for it rather than race it.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> afterInner.get() != null);
    assertThat(afterInner.get().correlationId()).contains("composed-1");
    assertThat(afterInner.get().get(marker)).isEmpty();
  }

  @Test
  void aContinuationOnATransportThreadSeesTheCallersCorrelationId() throws Exception {
    // The response is held until the continuation is registered, so it runs on the thread that
    // completes the call (a transport thread with no context of its own), not on this one.
    CountDownLatch release = new CountDownLatch(1);
    Hop hop = hop(InboundOptions.defaults(), (ex, s) -> {
      try {
        release.await(10, TimeUnit.SECONDS); // hold the response until the continuation is registered
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Hop.send(ex, 200, "{\"ok\":true}");
    });
    try (HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().name("held").baseUrl(hop.baseUrl()).build())) {
      CompletableFuture<String> continuation;
      try (CallContext.Scope s = CallContext.empty().withCorrelationId("async-caller").attach()) {
        continuation = client.getAsync("/held", JsonNode.class)
            .thenApply(body -> CallContext.current().correlationId().orElse("none") + "@" + Thread.currentThread().getName());
      }
      release.countDown();
      String result = continuation.get(10, TimeUnit.SECONDS);
      assertThat(result).startsWith("async-caller@").doesNotEndWith("@" + Thread.currentThread().getName());
      assertThat(hop.seen.get(0).correlationId()).isEqualTo("async-caller");
    }
  }

  @Test
  void outboundCallsCarryTheRemainingTimeMinusTheSafetyMargin() throws Exception {
    Hop downstream = hop(InboundOptions.defaults(), (ex, s) -> Hop.send(ex, 200, "{}"));
    HttpServiceClient next = new HttpServiceClient(ServiceConfig.builder().baseUrl(downstream.baseUrl())
        .deadlineMargin(Duration.ofMillis(300)).build());
    closeables.add(next);
    Hop front = hop(InboundOptions.defaults(), (ex, s) -> {
      next.getJson("/next");
      Hop.send(ex, 200, "{}");
    });

    assertThat(get(front.baseUrl() + "/", "x-request-timeout-ms", "1000").statusCode()).isEqualTo(200);

    long frontRemaining = front.seen.get(0).remainingNanos();
    long downstreamRemaining = downstream.seen.get(0).remainingNanos();
    assertThat(frontRemaining).isLessThanOrEqualTo(Duration.ofMillis(1000).toNanos());
    assertThat(downstreamRemaining).isLessThanOrEqualTo(frontRemaining - Duration.ofMillis(300).toNanos());
    assertThat(downstreamRemaining).isPositive();
  }

  @Test
  void aHostileMethodAndPathReachTheLogAndTelemetryEscaped() throws Exception {
    List<String> expired = new CopyOnWriteArrayList<>();
    TelemetryListener telemetry = new TelemetryListener() {
      @Override
      public void onInboundExpired(String method, String path) {
        expired.add(method + " " + path);
      }
    };
    Hop hop = hop(InboundOptions.builder().telemetry(telemetry).build(), (ex, s) -> {
      throw new IllegalStateException("handler bug");
    });
    String method = "G\u001b[31mE\rT";
    try (LogCapture logs = new LogCapture(CallContextFilter.class.getName())) {
      rawRequest(hop, method + " /boom HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
      rawRequest(hop, method + " /late HTTP/1.1\r\nHost: t\r\nx-request-timeout-ms: 0\r\n"
          + "Connection: close\r\n\r\n");

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !logs.events.isEmpty());
      String line = logs.events.get(0).getFormattedMessage();
      assertThat(line).contains("G\\u001b[31mE\\rT /boom").doesNotContain("\u001b").doesNotContain("\r");
    }
    assertThat(expired).containsExactly("G\\u001b[31mE\\rT /late");
  }

  /** Sends bytes no well-behaved client would, and reads until the server closes. */
  private static void rawRequest(Hop hop, String request) throws Exception {
    URI base = URI.create(hop.baseUrl());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getInputStream().readAllBytes();
    }
  }
}
