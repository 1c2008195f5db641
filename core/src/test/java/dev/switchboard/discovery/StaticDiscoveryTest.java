package dev.switchboard.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticDiscoveryTest {
  @Test
  void parsesHostsPortsWeightsZonesAndIpv6() {
    try (EndpointSource s = Discovery.open("static:10.0.0.1:80;weight=3;zone=a,[::1]:8080,h:9")) {
      EndpointSet set = s.awaitInitial(Duration.ofSeconds(1));
      assertThat(set.endpoints()).containsExactly(
          new Endpoint("10.0.0.1", 80, 3, "a", java.util.Map.of()),
          Endpoint.of("::1", 8080),
          Endpoint.of("h", 9));
      assertThat(set.endpoints().get(1).address()).isEqualTo("[::1]:8080");
    }
  }

  @Test
  void aPriorityAttributeSetsTheFailoverLevel() {
    try (EndpointSource s = Discovery.open("static:10.0.0.1:80,10.0.0.2:80;priority=1;weight=2")) {
      List<Endpoint> eps = s.awaitInitial(Duration.ofSeconds(1)).endpoints();
      assertThat(eps).extracting(Endpoint::priority).containsExactly(0, 1);
      assertThat(eps.get(1)).isEqualTo(new Endpoint("10.0.0.2", 80, 2, 1, "", java.util.Map.of()));
      assertThat(eps.get(1)).isNotEqualTo(eps.get(1).withPriority(0));
    }
    assertThatThrownBy(() -> Discovery.open("static:h:1;priority=-1"))
        .hasMessageContaining("priority must be >= 0").hasMessageContaining("\"h:1;priority=-1\"");
  }

  @Test
  void acceptsTheTripleSlashForm() {
    try (EndpointSource s = Discovery.open("static:///127.0.0.1:1,127.0.0.1:2")) {
      assertThat(s.current().orElseThrow().size()).isEqualTo(2);
    }
  }

  @Test
  void subscribersGetTheCurrentSetImmediately() {
    try (EndpointSource s = Discovery.open("static:127.0.0.1:1")) {
      List<EndpointSet> seen = new ArrayList<>();
      s.subscribe(seen::add);
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void badTargetsFailAtOnceQuotingTheValue() {
    assertThatThrownBy(() -> Discovery.open("static:127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"static:127.0.0.1\"").hasMessageContaining("missing port");
    assertThatThrownBy(() -> Discovery.open("static:h:99999"))
        .hasMessageContaining("port out of range");
    assertThatThrownBy(() -> Discovery.open("static:h:1;weight=0"))
        .hasMessageContaining("weight must be >= 1");
    assertThatThrownBy(() -> Discovery.open("static:h:x"))
        .hasMessageContaining("\"x\" is not a number");
    assertThatThrownBy(() -> Discovery.open("nope:///x"))
        .hasMessageContaining("unknown discovery scheme \"nope\"").hasMessageContaining("static");
    assertThatThrownBy(() -> Discovery.open("no scheme here"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"no scheme here\"");
    assertThatThrownBy(() -> Discovery.open("static:"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
