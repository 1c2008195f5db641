package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.CancelledCallException;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ProtocolException;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.errors.TransportException;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure mapping of issue 2, against the real scripted loopback server. */
class HttpServiceClientFailureMappingTest {
  record User(String id, String name) {}

  private ScriptedServer server;
  private HttpServiceClient client;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
    client = new HttpServiceClient(ServiceConfig.builder().name("users").baseUrl(server.baseUrl())
        .timeout(Duration.ofSeconds(5)).maxRetries(0).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static ServiceCallException failure(Runnable call) {
    AtomicReference<ServiceCallException> caught = new AtomicReference<>();
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceCallException.class, caught::set);
    return caught.get();
  }

  @Test
  void refusedConnectionIsConnectFailedAndNeverSent() {
    ScriptedServer gone = ScriptedServer.start();
    String url = gone.baseUrl();
    gone.close();
    try (HttpServiceClient c = new HttpServiceClient(ServiceConfig.builder().name("gone").baseUrl(url).maxRetries(0).build())) {
      ServiceCallException e = failure(() -> c.get("/users/1", User.class));
      assertThat(e.kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
      assertThat(((TransportException) e).neverSent()).isTrue();
      assertThat(e.retryable()).isTrue();
    }
  }

  @Test
  void resetConnectionIsConnectFailed() {
    server.route("GET", "/users/{id}").reply(Reply.resetConnection());
    ServiceCallException e = failure(() -> client.get("/users/1", User.class));
    assertThat(e.kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
    assertThat(((TransportException) e).neverSent()).isFalse();
  }

  @Test
  void closedWithoutAnswerIsConnectFailed() {
    server.route("GET", "/users/{id}").reply(Reply.closeWithoutAnswer());
    assertThat(failure(() -> client.get("/users/1", User.class)).kind()).isEqualTo(ErrorKind.CONNECT_FAILED);
  }

  @Test
  void aServerThatNeverAnswersRunsIntoTheDeadlineAndTheExchangeIsAborted() {
    server.route("GET", "/users/{id}").reply(Reply.neverAnswer());
    ServiceCallException e = failure(() -> client.request("GET", "/users/1").timeout(Duration.ofMillis(200)).send(User.class));
    assertThat(e).isInstanceOf(DeadlineExceededException.class);
    assertThat(((DeadlineExceededException) e).local()).isFalse();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.abortedExchanges() == 1);
  }

  @Test
  void anAttemptThatOutlivesItsPerAttemptTimeoutIsTimeoutNotDeadlineExceeded() {
    server.route("GET", "/users/{id}").reply(Reply.neverAnswer());
    try (HttpServiceClient c = new HttpServiceClient(ServiceConfig.builder().name("users").baseUrl(server.baseUrl())
        .timeout(Duration.ofSeconds(5))
        .retryPolicy(dev.switchboard.policy.RetryPolicy.builder().maxAttempts(1)
            .perAttemptTimeout(Duration.ofMillis(150)).build())
        .build())) {
      ServiceCallException e = failure(() -> c.get("/users/1", User.class));
      assertThat(e).isInstanceOf(TransportException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(e.retryable()).isTrue();
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.abortedExchanges() == 1);
  }

  @Test
  void fourOhFourIsClientErrorWithStatusAndCappedSnippet() {
    server.route("GET", "/users/{id}").reply(Reply.json(404, "{\"error\":\"" + "x".repeat(5000) + "\"}"));
    ServiceCallException e = failure(() -> client.get("/users/1", User.class));
    assertThat(e.kind()).isEqualTo(ErrorKind.CLIENT_ERROR);
    StatusException s = (StatusException) e;
    assertThat(s.status()).isEqualTo(404);
    assertThat(s.bodySnippet()).startsWith("{\"error\":\"xxx").hasSizeLessThanOrEqualTo(StatusException.MAX_SNIPPET + 3);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void fourTwentyNineIsRateLimitedWithRetryAfter() {
    server.route("GET", "/users/{id}").reply(Reply.status(429).header("Retry-After", "2").body("slow down"));
    ServiceCallException e = failure(() -> client.get("/users/1", User.class));
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(((StatusException) e).status()).isEqualTo(429);
    assertThat(((StatusException) e).bodySnippet()).isEqualTo("slow down");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void fiveHundredsAreServerErrors() {
    server.route("GET", "/a").reply(Reply.status(500).body("boom"));
    server.route("GET", "/b").reply(Reply.status(503));
    assertThat(failure(() -> client.get("/a", User.class)).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    ServiceCallException e = failure(() -> client.get("/b", User.class));
    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    assertThat(((StatusException) e).status()).isEqualTo(503);
  }

  @Test
  void undecodableEmptyAndWrongContentTypeAreProtocolErrorsNamingTheType() {
    server.route("GET", "/bad").reply(Reply.json(200, "{not json"));
    server.route("GET", "/empty").reply(Reply.status(200).header("content-type", "application/json"));
    server.route("GET", "/html").reply(Reply.status(200).header("content-type", "text/html").body("<html>"));
    for (String path : new String[] {"/bad", "/empty", "/html"}) {
      ServiceCallException e = failure(() -> client.get(path, User.class));
      assertThat(e).isInstanceOf(ProtocolException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains(User.class.getName()).contains(path);
    }
  }

  @Test
  void bodyOverTheLimitIsResponseTooLargeWithoutReadingItAll() {
    server.route("GET", "/huge").reply(Reply.hugeBody(200L * 1024 * 1024));
    try (HttpServiceClient small = new HttpServiceClient(ServiceConfig.builder().baseUrl(server.baseUrl())
        .maxResponseBytes(64 * 1024).maxRetries(0).build())) {
      ServiceCallException e = failure(() -> small.get("/huge", byte[].class));
      assertThat(e.kind()).isEqualTo(ErrorKind.RESPONSE_TOO_LARGE);
      assertThat(e.getMessage()).contains("65536");
    }
  }

  @Test
  void errorMessagesNameServiceMethodPathEndpointAttemptsElapsedAndCorrelationId() {
    server.route("GET", "/users/{id}").reply(Reply.status(500));
    ServiceCallException e = failure(() -> client.request("GET", "/users/7").query("token", "secret").send(User.class));
    assertThat(e.details()).isPresent();
    assertThat(e.getMessage())
        .contains("service=users").contains("GET /users/7").contains("endpoint=" + server.endpointAddress())
        .contains("attempts=1").contains("elapsed=").contains("correlation-id=")
        .doesNotContain("secret");
    String sentId = server.requests().get(0).header("x-request-id");
    assertThat(e.getMessage()).contains(sentId);
  }

  @Test
  void interruptingABlockingCallCancelsItOnTheWire() throws Exception {
    server.route("GET", "/slow").reply(Reply.neverAnswer());
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        client.get("/slow", User.class);
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    caller.start();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);
    caller.interrupt();
    assertThat(outcome.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(CancelledCallException.class);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.abortedExchanges() == 1);
  }
}
