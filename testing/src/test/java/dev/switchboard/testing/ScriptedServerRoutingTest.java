package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedServerRoutingTest {
  private final ScriptedServer server = ScriptedServer.start();
  private final HttpClient client = Http.client();

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void routesByMethodAndTemplateAndIgnoresTheQueryString() throws Exception {
    server.route("GET", "/users/{id}").handler(r -> Reply.ok("user " + r.pathParam("id")));
    server.route("DELETE", "/users/{id}").reply(Reply.status(204));

    HttpResponse<String> get = Http.get(client, server, "/users/42?verbose=true");
    HttpResponse<String> delete = client.send(
        Http.request(server, "/users/7").DELETE().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("user 42");
    assertThat(get.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(server.requests().get(0).matchedRoute()).hasValue("GET /users/{id}");
    assertThat(server.requests().get(1).matchedRoute()).hasValue("DELETE /users/{id}");
  }

  @Test
  void unmatchedRequestsGet404AndAreStillRecorded() throws Exception {
    server.route("GET", "/users/{id}").reply(Reply.ok("u"));

    HttpResponse<String> wrongPath = Http.get(client, server, "/orders/1");
    HttpResponse<String> wrongMethod = client.send(
        Http.request(server, "/users/1").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> emptySegment = Http.get(client, server, "/users/");

    assertThat(wrongPath.statusCode()).isEqualTo(404);
    assertThat(wrongPath.body()).contains("no route for GET /orders/1");
    assertThat(wrongMethod.statusCode()).isEqualTo(404);
    assertThat(emptySegment.statusCode()).isEqualTo(404);
    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.requests().get(0).matchedRoute()).isEmpty();
  }

  @Test
  void exactPathsWinOverTemplatesAndExactMethodsOverTheWildcard() throws Exception {
    server.route("*", "/**").reply(Reply.ok("fallback"));
    server.route("*", "/users/{id}").reply(Reply.ok("any method"));
    server.route("GET", "/users/{id}").reply(Reply.ok("template"));
    server.route("GET", "/users/me").reply(Reply.ok("exact"));

    assertThat(Http.get(client, server, "/users/me").body()).isEqualTo("exact");
    assertThat(Http.get(client, server, "/users/9").body()).isEqualTo("template");
    assertThat(client.send(Http.request(server, "/users/9").DELETE().build(),
        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("any method");
    assertThat(Http.get(client, server, "/").body()).isEqualTo("fallback");
    assertThat(Http.get(client, server, "/a/b/c").body()).isEqualTo("fallback");
  }

  @Test
  void sequenceRepliesInOrderThenRepeatsTheLast() throws Exception {
    server.route("GET", "/flaky").sequence(
        Reply.status(503).header("Retry-After", "2"), Reply.status(500), Reply.ok("fine"));

    HttpResponse<String> first = Http.get(client, server, "/flaky");
    int second = Http.get(client, server, "/flaky").statusCode();
    int third = Http.get(client, server, "/flaky").statusCode();
    int fourth = Http.get(client, server, "/flaky").statusCode();

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("retry-after")).hasValue("2");
    assertThat(List.of(second, third, fourth)).containsExactly(500, 200, 200);
  }

  @Test
  void handlerComputesEachReplyFromTheRequest() throws Exception {
    server.route("GET", "/echo").handler(
        r -> Reply.ok(r.header("X-Request-Id")).header("x-seen-attempt", r.header("x-request-attempt")));

    HttpResponse<String> response = client.send(Http.request(server, "/echo")
            .header("X-Request-Id", "abc-1").header("x-request-attempt", "2").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("abc-1");
    assertThat(response.headers().firstValue("x-seen-attempt")).hasValue("2");
  }

  @Test
  void scriptCanBeReplacedBetweenRequestsOfTheSameConnection() throws Exception {
    Route health = server.route("GET", "/health").reply(Reply.ok("up"));
    assertThat(Http.get(client, server, "/health").statusCode()).isEqualTo(200);

    health.reply(Reply.status(503));
    // route() returns the same route, so either handle re-scripts it
    server.route("get", "/health").sequence(Reply.status(503), Reply.ok("back"));

    assertThat(Http.get(client, server, "/health").statusCode()).isEqualTo(503);
    assertThat(Http.get(client, server, "/health").statusCode()).isEqualTo(200);
    assertThat(health.requestCount()).isEqualTo(3);
  }

  @Test
  void handlerThatThrowsIsAnswered500() throws Exception {
    server.route("GET", "/boom").handler(r -> {
      throw new IllegalStateException("scripted failure");
    });
    server.route("GET", "/null").handler(r -> null);

    HttpResponse<String> boom = Http.get(client, server, "/boom");

    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).contains("scripted failure");
    assertThat(Http.get(client, server, "/null").statusCode()).isEqualTo(500);
  }

  @Test
  void recordsMethodPathQueryHeadersBodyAndConnection() throws Exception {
    server.route("POST", "/orders/{id}").reply(Reply.json(201, "{}"));

    client.send(Http.request(server, "/orders/a%20b?x=1&y=hello+world&x=2")
            .header("X-Correlation-Id", "c-9").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"qty\":3}")).build(),
        HttpResponse.BodyHandlers.discarding());

    RecordedRequest r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/orders/a%20b");
    assertThat(r.pathParams()).isEqualTo(Map.of("id", "a b"));
    assertThat(r.rawQuery()).isEqualTo("x=1&y=hello+world&x=2");
    assertThat(r.queryParams()).containsEntry("x", List.of("1", "2"))
        .containsEntry("y", List.of("hello world"));
    assertThat(r.queryParam("x")).isEqualTo("1");
    assertThat(r.headers()).containsKey("x-correlation-id").doesNotContainKey("X-Correlation-Id");
    assertThat(r.header("X-CORRELATION-ID")).isEqualTo("c-9");
    assertThat(r.bodyAsString()).isEqualTo("{\"qty\":3}");
    assertThat(r.httpVersion()).isEqualTo("HTTP/1.1");
    assertThat(r.connectionId()).isPositive();
  }

  @Test
  void stampsArrivalWithTheServersTicker() throws Exception {
    FakeTicker ticker = new FakeTicker(5_000);
    try (ScriptedServer timed = ScriptedServer.builder().ticker(ticker).start()) {
      Http.get(client, timed, "/a");
      ticker.advanceMillis(3);
      Http.get(client, timed, "/b");

      assertThat(timed.requests()).extracting(RecordedRequest::arrivalNanos)
          .containsExactly(5_000L, 3_005_000L);
    }
  }

  @Test
  void countsRequestsByTemplateAndClearForgetsThem() throws Exception {
    Route users = server.route("GET", "/users/{id}").reply(Reply.ok("u"));
    Http.get(client, server, "/users/1");
    Http.get(client, server, "/users/2");
    Http.get(client, server, "/other");

    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.requestCount("GET", "/users/{id}")).isEqualTo(2);
    assertThat(server.requestCount("*", "/**")).isEqualTo(3);
    assertThat(server.requestCount("POST", "/users/{id}")).isZero();
    assertThat(users.requestCount()).isEqualTo(2);

    server.clear();

    assertThat(server.requests()).isEmpty();
    assertThat(users.requestCount()).isZero();
    assertThat(Http.get(client, server, "/users/3").body()).isEqualTo("u");
    assertThat(server.requestCount("GET", "/users/{id}")).isEqualTo(1);
  }

  @Test
  void sequenceHandsOutEachReplyExactlyOnceUnderConcurrency() {
    Reply[] replies = new Reply[50];
    for (int i = 0; i < replies.length; i++) {
      replies[i] = Reply.ok("r" + i);
    }
    server.route("GET", "/n").sequence(replies[0], Arrays.copyOfRange(replies, 1, 50));
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 49; i++) {
      calls.add(client.sendAsync(Http.request(server, "/n").build(),
          HttpResponse.BodyHandlers.ofString()));
    }

    Set<String> bodies = calls.stream().map(c -> c.join().body()).collect(Collectors.toSet());

    assertThat(bodies).hasSize(49).doesNotContain("r49");
    assertThat(client.sendAsync(Http.request(server, "/n").build(),
        HttpResponse.BodyHandlers.ofString()).join().body()).isEqualTo("r49");
    assertThat(client.sendAsync(Http.request(server, "/n").build(),
        HttpResponse.BodyHandlers.ofString()).join().body()).isEqualTo("r49");
  }

  @Test
  void rejectsBadTemplatesAndMethods() {
    assertThatThrownBy(() -> server.route("GET", "users")).hasMessageContaining("pathTemplate");
    assertThatThrownBy(() -> server.route("GET", "/a/**/b")).hasMessageContaining("**");
    assertThatThrownBy(() -> server.route("GET", "/a?x=1")).hasMessageContaining("query");
    assertThatThrownBy(() -> server.route("GE T", "/a")).hasMessageContaining("method");
  }
}
