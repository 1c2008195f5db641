package dev.switchboard.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  @Test
  void findsBuiltInProvidersByScheme() {
    assertThat(Discovery.knownSchemes()).contains("static", "mem");
  }

  @Test
  void anUnknownSchemeFailsQuotingTheTarget() {
    assertThatThrownBy(() -> Discovery.open("consul:///users"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"consul\"")
        .hasMessageContaining("\"consul:///users\"");
    assertThatThrownBy(() -> Discovery.register("static:h:1", Endpoint.of("h", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no registrar for scheme \"static\"");
  }

  @Test
  void staticTargetsKeepTheirWeightsAndZones() {
    try (EndpointSource s = Discovery.open("static:127.0.0.1:8081;weight=3;zone=a,[::1]:8082")) {
      EndpointSet set = s.awaitInitial(Duration.ofSeconds(1));
      assertThat(set.endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:8081", "[::1]:8082");
      assertThat(set.endpoints().get(0).weight()).isEqualTo(3);
      assertThat(set.endpoints().get(0).zone()).isEqualTo("a");
    }
  }

  @Test
  void aStaticEntryWithoutPortFailsQuotingIt() {
    assertThatThrownBy(() -> Discovery.open("static:127.0.0.1:8081,users-2"))
        .hasMessageContaining("\"users-2\"")
        .hasMessageContaining("missing port");
  }

  @Test
  void memRegistrationIsFoundAndClosingItDeregisters() {
    try (EndpointSource s = Discovery.open("mem:///discovery-test-users")) {
      assertThat(s.awaitInitial(Duration.ofSeconds(1)).isEmpty()).isTrue();
      Registration r = Discovery.register("mem:discovery-test-users", Endpoint.of("127.0.0.1", 9001));
      assertThat(s.current().orElseThrow().endpoints()).containsExactly(Endpoint.of("127.0.0.1", 9001));
      assertThat(r.isRegistered()).isTrue();
      r.close();
      r.close();
      assertThat(s.current().orElseThrow().isEmpty()).isTrue();
      assertThat(r.isRegistered()).isFalse();
    }
  }

  @Test
  void aMemTargetMustNameOneService() {
    assertThatThrownBy(() -> Discovery.open("mem:///a/b")).hasMessageContaining("\"mem:///a/b\"");
    assertThatThrownBy(() -> Discovery.open("mem:users?ttl=1s")).hasMessageContaining("\"ttl\"");
  }
}
