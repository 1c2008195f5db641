package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.balancer.PickContext;
import dev.switchboard.discovery.InMemoryRegistry;
import dev.switchboard.endpoint.Endpoint;
import org.junit.jupiter.api.Test;

class DestinationTest {
  @Test
  void anEmptyRegistryGivesNoEndpointsNamingTheTarget() {
    try (Destination d = Destination.open(ServiceConfig.target("mem:///destination-test-nobody"))) {
      assertThat(d.isReady()).isTrue();
      assertThat(d.picker().pick(PickContext.none())).isNull();
      assertThat(d.picker().describeUnavailable())
          .isEqualTo("discovery of \"mem:///destination-test-nobody\" returned no endpoints");
    }
  }

  @Test
  void aServiceThatDeregistersEverythingBecomesEmptyAgainAndThenRecovers() {
    Endpoint e = Endpoint.of("127.0.0.1", 9002);
    try (Destination d = Destination.open(ServiceConfig.target("mem:destination-test-users"));
        InMemoryRegistry.Lease lease = InMemoryRegistry.global().register("destination-test-users", e)) {
      assertThat(d.picker().pick(PickContext.none())).isEqualTo(e);
      lease.close();
      assertThat(d.picker().pick(PickContext.none())).isNull();
      assertThat(d.picker().describeUnavailable()).contains("mem:destination-test-users");
      try (InMemoryRegistry.Lease again = InMemoryRegistry.global().register("destination-test-users", e)) {
        assertThat(d.picker().pick(PickContext.none())).isEqualTo(e);
      }
    }
  }
}
