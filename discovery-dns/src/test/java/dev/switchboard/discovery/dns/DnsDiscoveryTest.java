package dev.switchboard.discovery.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.PickContext;
import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.testing.DnsmasqProcess;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** dns: and dns+srv: against a real dnsmasq on a loopback port. */
class DnsDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static DnsmasqProcess dns;

  @BeforeAll
  static void startDns() {
    dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(30), DnsmasqProcess.records()
        .host("users-1.svc.test", "127.0.0.1")
        .host("users-2.svc.test", "127.0.0.2")
        .host("users-3.svc.test", "127.0.0.3")
        .host("dual.svc.test", "127.0.0.4")
        .host("dual.svc.test", "::1")
        .srv("_users._tcp.svc.test", "users-1.svc.test", 8081, 0, 10)
        .srv("_users._tcp.svc.test", "users-2.svc.test", 8082, 0, 30)
        .srv("_users._tcp.svc.test", "users-3.svc.test", 8083, 1, 0)
        .srv("_ghosts._tcp.svc.test", "users-1.svc.test", 9091, 0, 5)
        .srv("_ghosts._tcp.svc.test", "ghost.svc.test", 9092, 0, 5));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @Test
  void srvRecordsBecomeEndpointsWithTheirPrioritiesAndWeights() {
    try (EndpointSource s = Discovery.open("dns+srv://" + dns.address() + "/_users._tcp.svc.test")) {
      List<Endpoint> eps = sorted(s.awaitInitial(WAIT));
      assertThat(eps).extracting(Endpoint::address)
          .containsExactly("127.0.0.1:8081", "127.0.0.2:8082", "127.0.0.3:8083");
      assertThat(eps).extracting(Endpoint::priority).containsExactly(0, 0, 1);
      assertThat(eps).extracting(Endpoint::weight).containsExactly(1000, 3000, 1); // x100; SRV weight 0 -> 1
      assertThat(eps).extracting(Endpoint::zone).containsOnly("");
      assertThat(eps.get(2).metadata()).containsAllEntriesOf(
          Map.of("dns.target", "users-3.svc.test", "srv.priority", "1", "srv.weight", "0"));
    }
  }

  @Test
  void aAndAaaaLookupsReturnEveryAddressWithThePort() {
    try (EndpointSource s = Discovery.open("dns://" + dns.address() + "/dual.svc.test:8080")) {
      assertThat(s.awaitInitial(WAIT).endpoints()).extracting(Endpoint::address)
          .containsExactlyInAnyOrder("127.0.0.4:8080", "[::1]:8080");
    }
  }

  @Test
  void anSrvTargetWithoutAddressesIsSkippedAndTheOthersStay() {
    try (EndpointSource s = Discovery.open("dns+srv://" + dns.address() + "/_ghosts._tcp.svc.test")) {
      assertThat(s.awaitInitial(WAIT).endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:9091");
    }
  }

  @Test
  void nxdomainIsAnEmptySetAndCallsFailNamingTheTarget() {
    String target = "dns+srv://" + dns.address() + "/_nobody._tcp.svc.test";
    try (EndpointSource s = Discovery.open(target)) {
      assertThat(s.awaitInitial(WAIT).isEmpty()).isTrue();
    }
    try (Destination d = Destination.open(ServiceConfig.target(target))) {
      await().atMost(WAIT).until(d::isReady);
      assertThat(d.picker().pick(PickContext.none())).isNull();
      assertThat(d.picker().describeUnavailable()).contains("\"" + target + "\"").contains("no endpoints");
    }
  }

  @Test
  void anIpLiteralNeedsNoQuery() {
    try (EndpointSource s = Discovery.open("dns:///[::1]:8080")) {
      assertThat(s.awaitInitial(Duration.ofMillis(1)).endpoints()).containsExactly(Endpoint.of("::1", 8080));
    }
  }

  @Test
  void badTargetsFailAtConstructionQuotingTheValue() {
    assertThatThrownBy(() -> Discovery.open("dns:///users.svc.test"))
        .hasMessageContaining("missing port").hasMessageContaining("\"dns:///users.svc.test\"");
    assertThatThrownBy(() -> Discovery.open("dns:///users.svc.test:http"))
        .hasMessageContaining("\"http\"");
    assertThatThrownBy(() -> Discovery.open("dns+srv:///_users._tcp.svc.test:80"))
        .hasMessageContaining("\"dns+srv:///_users._tcp.svc.test:80\"");
    assertThatThrownBy(() -> Discovery.open("dns+srv:///_users._tcp.svc.test?minTtl=5s&maxTtl=1s"))
        .hasMessageContaining("maxTtl");
    assertThatThrownBy(() -> Discovery.open("dns+srv:///_users._tcp.svc.test?ttl=5s"))
        .hasMessageContaining("\"ttl\"");
    assertThatThrownBy(() -> ServiceConfig.target("dnz+srv:///_users._tcp.svc.test"))
        .hasMessageContaining("\"dnz+srv\"");
  }

  @Test
  void serviceConfigAcceptsDnsTargets() {
    assertThat(ServiceConfig.target("dns+srv:///_users._tcp.svc.test").discoveryTarget())
        .isEqualTo("dns+srv:///_users._tcp.svc.test");
  }

  private static List<Endpoint> sorted(EndpointSet set) {
    return set.endpoints().stream().sorted(Comparator.comparing(Endpoint::address)).toList();
  }
}
