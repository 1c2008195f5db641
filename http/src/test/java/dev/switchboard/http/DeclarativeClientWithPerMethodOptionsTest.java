package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.DeadlineExceededException;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.declarative.Body;
import dev.switchboard.http.declarative.Get;
import dev.switchboard.http.declarative.Idempotent;
import dev.switchboard.http.declarative.Path;
import dev.switchboard.http.declarative.Post;
import dev.switchboard.http.declarative.Retry;
import dev.switchboard.http.declarative.Timeout;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Timeout} and {@code @Retry} on declarative methods, against three real loopback replicas. */
class DeclarativeClientWithPerMethodOptionsTest {
  record Item(String id) {}

  @Timeout("5s")
  interface Items extends AutoCloseable {
    @Get("/items/{id}") Item get(@Path("id") String id);

    @Retry(maxAttempts = 1)
    @Get("/items/{id}") Item getOnce(@Path("id") String id);

    @Timeout("150ms")
    @Get("/slow") Item slow();

    @Get("/slow") Item slowWithTheInterfaceTimeout();

    @Idempotent
    @Retry(maxAttempts = 2)
    @Post("/items") Item create(@Body Item item);

    @Override void close();
  }

  private ScriptedServers replicas;
  private Items items;

  @BeforeEach
  void start() {
    replicas = ScriptedServers.start(3);
    replicas.route("GET", "/items/{id}", Reply.status(503));
    replicas.route("POST", "/items", Reply.status(503));
    replicas.route("GET", "/slow", Reply.neverAnswer());
    items = HttpServiceClient.create(Items.class, ServiceConfig.builder().name("items")
        .target(replicas.staticTarget()).timeout(Duration.ofSeconds(30))
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, 1.0, Duration.ZERO).build())
        .retryBudget(RetryBudgetPolicy.unlimited()).build());
  }

  @AfterEach
  void stop() {
    items.close();
    replicas.close();
  }

  @Test
  void retryMaxAttemptsReplacesThePolicysForThatMethodOnly() {
    assertThatThrownBy(() -> items.getOnce("1")).isInstanceOf(ServiceCallException.class)
        .hasMessageContaining("maxAttempts (1) reached");
    assertThat(replicas.totalRequestCount()).isEqualTo(1);

    assertThatThrownBy(() -> items.get("1")).isInstanceOf(ServiceCallException.class);
    assertThat(replicas.totalRequestCount()).isEqualTo(1 + 3);

    assertThatThrownBy(() -> items.create(new Item("x"))).isInstanceOf(ServiceCallException.class);
    assertThat(replicas.totalRequestCount()).isEqualTo(1 + 3 + 2); // idempotent POST, two attempts
  }

  @Test
  void aMethodTimeoutBoundsTheCallAndIsSentDownstreamAsTheRemainingTime() {
    assertThatThrownBy(items::slow).isInstanceOfSatisfying(ServiceCallException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED));
    String sent = replicas.servers().stream().flatMap(s -> s.requests().stream())
        .map(r -> r.header("x-request-timeout-ms")).findFirst().orElseThrow();
    assertThat(Long.parseLong(sent)).isBetween(1L, 150L);
  }

  @Test
  void theInterfacesTimeoutAppliesToMethodsWithoutTheirOwn() {
    replicas.route("GET", "/slow", Reply.json(200, "{\"id\":\"s\"}"));
    assertThat(items.slowWithTheInterfaceTimeout()).isEqualTo(new Item("s"));
    String sent = replicas.servers().stream().flatMap(s -> s.requests().stream())
        .map(r -> r.header("x-request-timeout-ms")).findFirst().orElseThrow();
    assertThat(Long.parseLong(sent)).isBetween(4_000L, 5_000L);
  }

  interface BadTimeout {
    @Timeout("2") @Get("/x") Item x();
  }

  interface BadRetry {
    @Retry(maxAttempts = 6) @Get("/x") Item x();
  }

  @Test
  void aMalformedTimeoutOrRetryFailsWhenTheProxyIsMadeNamingTheMethod() {
    ServiceConfig config = ServiceConfig.target(replicas.staticTarget());
    try (HttpServiceClient client = new HttpServiceClient(config)) {
      assertThatThrownBy(() -> HttpServiceClient.create(BadTimeout.class, client))
          .hasMessage("invalid declarative client method BadTimeout.x: @Timeout(\"2\") must be a duration such as"
              + " 250ms, 2s, 1m or PT2S");
      assertThatThrownBy(() -> HttpServiceClient.create(BadRetry.class, client))
          .hasMessage("invalid declarative client method BadRetry.x: @Retry(maxAttempts = 6) must be 1..5");
    }
  }

  @Test
  void theDeadlineErrorIsTheTypedOne() {
    assertThatThrownBy(items::slow).isInstanceOf(DeadlineExceededException.class);
  }
}
