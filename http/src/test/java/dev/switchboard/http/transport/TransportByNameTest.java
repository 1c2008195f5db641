package dev.switchboard.http.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.config.ClientConfigs;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigSource;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.transport.TransportProviders;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * switchboard-http registers its transports by name, so configuration text
 * ({@code switchboard.clients.<name>.transport}) chooses them without core knowing HTTP.
 */
class TransportByNameTest {
  private static ServiceConfig bind(String baseUrl, String transport) {
    return ClientConfigs.bind(ConfigSource.of(Map.of("switchboard.clients.users.base-url", baseUrl,
        "switchboard.clients.users.transport", transport))).get("users");
  }

  @Test
  void apacheAndJdkAreRegisteredAndNameTheFactoriesTheirNamesSay() {
    assertThat(TransportProviders.available()).containsOnlyKeys("apache", "jdk");
    assertThat(TransportProviders.find("apache")).isSameAs(HttpTransportFactory.apache());
    assertThat(TransportProviders.find("JDK")).isSameAs(HttpTransportFactory.jdk());
  }

  @Test
  void aClientBoundWithATransportNameCallsThroughThatTransport() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.route("GET", "/ping").reply(Reply.ok("pong"));
      for (String name : new String[] {"apache", "jdk"}) {
        ServiceConfig config = bind(server.baseUrl(), name);
        assertThat(HttpTransportFactory.of(config).name()).isEqualTo(name);
        try (HttpServiceClient client = new HttpServiceClient(config)) {
          assertThat(client.request("GET", "/ping").exchange().bodyAsString()).isEqualTo("pong");
        }
      }
    }
  }

  @Test
  void anUnknownTransportNameListsTheOnesFound() {
    assertThatThrownBy(() -> bind("http://127.0.0.1:1", "okhttp")).isInstanceOf(ConfigException.class)
        .hasMessage("invalid Switchboard configuration: switchboard.clients.users.transport: no transport \"okhttp\";"
            + " transports found: apache, jdk, was \"okhttp\"");
  }
}
