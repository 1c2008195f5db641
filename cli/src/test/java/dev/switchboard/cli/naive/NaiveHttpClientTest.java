package dev.switchboard.cli.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NaiveHttpClientTest {
  @Test
  void retriesEveryFailureAtOnceOnTheNextUrlUntilItsRetriesRunOut() throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      replicas.route("GET", "/users/{id}", Reply.status(503));
      List<String> attempts = new CopyOnWriteArrayList<>();
      NaiveHttpClient client = new NaiveHttpClient(replicas.servers().stream().map(s -> s.baseUrl()).toList(),
          Duration.ofSeconds(2), 3, (url, status, nanos) -> attempts.add(url + " " + status));

      NaiveHttpClient.Result r = client.get("/users/1");

      assertThat(r.status()).isEqualTo(503);
      assertThat(r.attempts()).isEqualTo(4);
      assertThat(replicas.requestCounts()).containsExactly(2, 2); // round robin, no budget, no backoff
      assertThat(attempts).hasSize(4).allMatch(a -> a.endsWith(" 503"));
    }
  }

  @Test
  void anAnswerBelow500IsReturnedWithoutRetrying() throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(2)) {
      replicas.route("GET", "/users/{id}", Reply.json(404, "{}"));
      NaiveHttpClient client = new NaiveHttpClient(replicas.servers().stream().map(s -> s.baseUrl()).toList(),
          Duration.ofSeconds(2), 3);

      assertThat(client.get("/users/9").status()).isEqualTo(404);
      assertThat(replicas.totalRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void connectionFailuresAreRetriedAndReportedAfterTheLastAttempt() {
    NaiveHttpClient client = new NaiveHttpClient(List.of("http://127.0.0.1:1"), Duration.ofSeconds(2), 2);

    assertThatThrownBy(() -> client.get("/x")).isInstanceOf(NaiveHttpClient.NaiveCallException.class)
        .hasMessageContaining("after 3 attempts")
        .satisfies(e -> assertThat(((NaiveHttpClient.NaiveCallException) e).attempts()).isEqualTo(3));
  }
}
