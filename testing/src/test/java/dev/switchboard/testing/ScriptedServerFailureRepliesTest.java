package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedServerFailureRepliesTest {
  private static final Duration AWAIT = Duration.ofSeconds(5);

  private final ScriptedServer server = ScriptedServer.start();
  private final HttpClient client = Http.client();

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void delayHoldsTheResponseBackForAtLeastTheDelay() throws Exception {
    server.route("GET", "/slow").reply(Reply.ok("late").delay(Duration.ofMillis(200)));

    long start = System.nanoTime();
    HttpResponse<String> response = Http.get(client, server, "/slow");
    long elapsed = System.nanoTime() - start;

    assertThat(response.body()).isEqualTo("late");
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(server.abortedExchanges()).isZero();
  }

  @Test
  void latencyIsAddedToTheDelay() throws Exception {
    server.route("GET", "/slow").reply(Reply.ok("late").delay(Duration.ofMillis(50))
        .latency(LatencyDistribution.fixed(Duration.ofMillis(100))));

    long start = System.nanoTime();
    Http.get(client, server, "/slow");

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
  }

  @Test
  void closeWithoutAnswerGivesTheClientAnIoException() {
    server.route("GET", "/gone").reply(Reply.closeWithoutAnswer());

    assertThatThrownBy(() -> Http.get(client, server, "/gone")).isInstanceOf(IOException.class);
    assertThat(server.requestCount("GET", "/gone")).isPositive();
  }

  @Test
  void closeWithoutAnswerSendsNotASingleByte() throws Exception {
    server.route("GET", "/gone").reply(Reply.closeWithoutAnswer());

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /gone HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read()).isEqualTo(-1);
    }
  }

  @Test
  void resetConnectionGivesTheClientAConnectionReset() throws Exception {
    server.route("GET", "/reset").reply(Reply.resetConnection());

    assertThatThrownBy(() -> Http.get(client, server, "/reset")).isInstanceOf(IOException.class);
    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /reset HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThatThrownBy(raw::read).isInstanceOf(java.net.SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void neverAnswerPlusClientTimeoutCountsOneAbortedExchange() {
    server.route("GET", "/hang").reply(Reply.neverAnswer());

    assertThatThrownBy(() -> client.send(
        Http.request(server, "/hang").timeout(Duration.ofMillis(200)).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

    await().atMost(AWAIT).until(() -> server.abortedExchanges() == 1);
    assertThat(server.abortedExchanges("GET", "/hang")).isEqualTo(1);
    assertThat(server.route("GET", "/hang").abortedExchanges()).isEqualTo(1);
  }

  @Test
  void clientHangingUpDuringADelayStopsTheExchangeAndCountsIt() throws Exception {
    Route slow = server.route("GET", "/slow").reply(Reply.ok("late").delay(Duration.ofMinutes(1)));
    server.route("GET", "/fast").reply(Reply.ok("now"));

    try (RawConnection raw = new RawConnection(server)) {
      raw.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      await().atMost(AWAIT).until(() -> server.requestCount() == 1);
    }

    await().atMost(AWAIT).until(() -> slow.abortedExchanges() == 1);
    await().atMost(AWAIT).until(() -> server.openConnections() == 0);
    assertThat(server.abortedExchanges()).isEqualTo(1);
    assertThat(Http.get(client, server, "/fast").body()).isEqualTo("now");
  }

  @Test
  void cancellingAnAsyncCallAbortsTheExchangeOnTheWire() {
    server.route("GET", "/slow").reply(Reply.ok("late").delay(Duration.ofMinutes(1)));

    CompletableFuture<HttpResponse<String>> call = client.sendAsync(
        Http.request(server, "/slow").build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(AWAIT).until(() -> server.requestCount() == 1);
    call.cancel(true);

    await().atMost(AWAIT).until(() -> server.abortedExchanges() == 1);
  }

  @Test
  void pushbackHeadersAreSentAsScripted() throws Exception {
    server.route("GET", "/busy").reply(Reply.status(429)
        .header("Retry-After", "3").header("x-retry-pushback-ms", "-1"));

    HttpResponse<String> response = Http.get(client, server, "/busy");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("3");
    assertThat(response.headers().firstValue("x-retry-pushback-ms")).hasValue("-1");
  }

  @Test
  void contentLengthThatLiesTruncatesTheBodyAndClosesTheConnection() {
    server.route("GET", "/short").reply(Reply.ok("abc").header("Content-Length", "10"));

    assertThatThrownBy(() -> Http.get(client, server, "/short")).isInstanceOf(IOException.class);
  }
}
