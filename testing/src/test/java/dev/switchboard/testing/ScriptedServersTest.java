package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.Endpoint;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScriptedServersTest {
  private final HttpClient client = Http.client();

  @Test
  void startsReplicasOnDistinctPortsAndNamesThemAsAStaticTarget() {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      List<Integer> ports = replicas.servers().stream().map(ScriptedServer::port)
          .collect(Collectors.toList());

      assertThat(ports).doesNotHaveDuplicates().hasSize(3);
      assertThat(replicas.staticTarget()).isEqualTo("static:127.0.0.1:" + ports.get(0)
          + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2));
      List<Endpoint> parsed;
      try (EndpointSource source = Discovery.open(replicas.staticTarget())) {
        parsed = source.awaitInitial(Duration.ofSeconds(5)).endpoints();
      }
      assertThat(parsed).extracting(Endpoint::port).containsExactlyElementsOf(ports);
    }
  }

  @Test
  void countsRequestsPerReplica() throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/ping", Reply.ok("pong"));
      replicas.get(2).route("GET", "/ping").reply(Reply.status(503));

      Http.get(client, replicas.get(0), "/ping");
      Http.get(client, replicas.get(0), "/ping");
      int failing = Http.get(client, replicas.get(2), "/ping").statusCode();

      assertThat(failing).isEqualTo(503);
      assertThat(replicas.requestCounts()).containsExactly(2, 0, 1);
      assertThat(replicas.totalRequestCount()).isEqualTo(3);

      replicas.clear();
      assertThat(replicas.requestCounts()).containsExactly(0, 0, 0);
    }
  }

  @Test
  void closeClosesEveryReplica() {
    ScriptedServers replicas = ScriptedServers.start(2);
    List<Integer> ports = replicas.servers().stream().map(ScriptedServer::port)
        .collect(Collectors.toList());

    replicas.close();

    for (int port : ports) {
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void rejectsANonPositiveCount() {
    assertThatThrownBy(() -> ScriptedServers.start(0)).hasMessageContaining("count");
  }
}
