package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.context.TraceContext;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.pipeline.Response;
import dev.switchboard.testing.RecordedRequest;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import dev.switchboard.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServiceClientBehaviourTest {
  record User(String id, String name) {}

  private ScriptedServers replicas;
  private HttpServiceClient client;

  @BeforeEach
  void start() {
    replicas = ScriptedServers.start(3);
    client = new HttpServiceClient(ServiceConfig.builder().name("users").target(replicas.staticTarget())
        .timeout(Duration.ofSeconds(5)).build());
  }

  @AfterEach
  void stop() {
    client.close();
    replicas.close();
  }

  @Test
  void everyVerbWorksBlockingAndAsyncWithTypedTreeAndRawResults() {
    replicas.route("GET", "/users/{id}", Reply.json(200, "{\"id\":\"1\",\"name\":\"Ada\"}"));
    replicas.route("GET", "/users", Reply.json(200, "[{\"id\":\"1\",\"name\":\"Ada\"}]"));
    replicas.route("POST", "/users", Reply.json(201, "{\"id\":\"2\",\"name\":\"Bob\"}"));
    replicas.route("PUT", "/users/{id}", Reply.json(200, "{\"id\":\"2\",\"name\":\"Rob\"}"));
    replicas.route("PATCH", "/users/{id}", Reply.json(200, "{\"id\":\"2\",\"name\":\"Bobby\"}"));
    replicas.route("DELETE", "/users/{id}", Reply.status(204));

    assertThat(client.get("/users/1", User.class)).isEqualTo(new User("1", "Ada"));
    assertThat(client.getAsync("/users/1", User.class).join()).isEqualTo(new User("1", "Ada"));
    assertThat(client.get("/users", new TypeReference<List<User>>() {})).containsExactly(new User("1", "Ada"));
    assertThat(client.getJson("/users/1").get("name").asText()).isEqualTo("Ada");
    assertThat(client.post("/users", Map.of("name", "Bob"), User.class).name()).isEqualTo("Bob");
    assertThat(client.postAsync("/users", Map.of("name", "Bob"), JsonNode.class).join().get("id").asText()).isEqualTo("2");
    assertThat(client.put("/users/2", Map.of("name", "Rob"), User.class).name()).isEqualTo("Rob");
    assertThat(client.putAsync("/users/2", Map.of("name", "Rob"), User.class).join().name()).isEqualTo("Rob");
    assertThat(client.patch("/users/2", Map.of("name", "Bobby"), User.class).name()).isEqualTo("Bobby");
    assertThat(client.patchAsync("/users/2", Map.of("name", "Bobby"), User.class).join().name()).isEqualTo("Bobby");
    client.delete("/users/2");
    client.deleteAsync("/users/2").join();
    Response raw = client.request("GET", "/users/1").exchange();
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.header("Content-Type")).isEqualTo("application/json");
    assertThat(raw.bodyAsString()).contains("Ada");

    List<RecordedRequest> posts = replicas.servers().stream().flatMap(s -> s.requests().stream())
        .filter(r -> r.method().equals("POST")).toList();
    assertThat(posts).allSatisfy(r -> {
      assertThat(r.header("content-type")).isEqualTo("application/json");
      assertThat(r.bodyAsString()).isEqualTo("{\"name\":\"Bob\"}");
    });
  }

  @Test
  void eachAttemptCarriesCorrelationTraceTimeoutAndAttemptHeaders() {
    replicas.route("GET", "/users/{id}", Reply.json(200, "{\"id\":\"1\",\"name\":\"Ada\"}"));
    client.request("GET", "/users/1").timeout(Duration.ofMillis(800)).send(User.class);
    RecordedRequest r = replicas.servers().stream().flatMap(s -> s.requests().stream()).findFirst().orElseThrow();
    assertThat(r.header("x-request-id")).matches("[0-9a-f]{32}");
    assertThat(TraceContext.parse(r.header("traceparent"), null)).isPresent();
    assertThat(Long.parseLong(r.header("x-request-timeout-ms"))).isBetween(1L, 800L);
    assertThat(r.header("x-request-attempt")).isEqualTo("1");
    assertThat(r.header("x-request-hedge")).isNull();
  }

  @Test
  void maxRetriesRetriesA503OnAnotherReplicaUntilItSucceeds() {
    replicas.each(s -> s.route("GET", "/users/{id}").sequence(
        Reply.status(503), Reply.json(200, "{\"id\":\"1\",\"name\":\"Ada\"}")));
    // Whichever replica gets attempt 1 fails; attempt 2 goes to another replica, whose first reply is 503 too;
    // attempt 3 goes to the third replica... which also starts with 503. So script only the first two replicas to fail.
    replicas.get(2).route("GET", "/users/{id}").reply(Reply.json(200, "{\"id\":\"1\",\"name\":\"Ada\"}"));
    replicas.clear();
    User u = null;
    for (int i = 0; i < 3 && u == null; i++) {
      u = client.get("/users/1", User.class);
    }
    assertThat(u).isEqualTo(new User("1", "Ada"));
    List<RecordedRequest> all = replicas.servers().stream().flatMap(s -> s.requests().stream()).toList();
    Map<String, List<String>> attemptsByCall = all.stream().collect(Collectors.groupingBy(
        r -> r.header("x-request-id"), Collectors.mapping(r -> r.header("x-request-attempt"), Collectors.toList())));
    assertThat(attemptsByCall.values()).allSatisfy(attempts -> assertThat(attempts).doesNotHaveDuplicates());
    // Within one call, no replica saw the same call id twice: retries went to different replicas.
    for (var s : replicas.servers()) {
      assertThat(s.requests().stream().map(r -> r.header("x-request-id")).toList()).doesNotHaveDuplicates();
    }
  }

  @Test
  void aPostIsNotRetriedOnA503() {
    replicas.route("POST", "/users", Reply.status(503));
    assertThatThrownBy(() -> client.post("/users", Map.of("name", "x"), User.class))
        .isInstanceOfSatisfying(ServiceCallException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
          assertThat(e.retryRefusal()).hasValueSatisfying(r -> assertThat(r).contains("not idempotent"));
        });
    assertThat(replicas.totalRequestCount()).isEqualTo(1);
  }

  @Test
  void anExpiredInboundDeadlineFailsLocallyAndNeverTouchesTheNetwork() {
    replicas.route("GET", "/users/{id}", Reply.json(200, "{}"));
    Deadline expired = Deadline.after(Duration.ofMillis(-1));
    try (CallContext.Scope s = CallContext.empty().withDeadline(expired).attach()) {
      assertThatThrownBy(() -> client.get("/users/1", User.class))
          .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.local()).isTrue());
    }
    assertThat(replicas.totalRequestCount()).isZero();
  }

  @Test
  void anInboundCorrelationIdAndTraceAreCarriedOutbound() {
    replicas.route("GET", "/users/{id}", Reply.json(200, "{\"id\":\"1\",\"name\":\"Ada\"}"));
    TraceContext inbound = TraceContext.newRoot();
    try (CallContext.Scope s = CallContext.empty().withCorrelationId("order-7").withTrace(inbound).attach()) {
      client.get("/users/1", User.class);
    }
    RecordedRequest r = replicas.servers().stream().flatMap(s -> s.requests().stream()).findFirst().orElseThrow();
    assertThat(r.header("x-request-id")).isEqualTo("order-7");
    TraceContext sent = TraceContext.parse(r.header("traceparent"), null).orElseThrow();
    assertThat(sent.traceId()).isEqualTo(inbound.traceId());
    assertThat(sent.spanId()).isNotEqualTo(inbound.spanId());
  }

  @Test
  void closeReleasesTheClientAndLaterCallsFail() {
    client.close();
    client.close(); // idempotent
    assertThatThrownBy(() -> client.get("/users/1", User.class))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
