package dev.switchboard.testing.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.InMemoryRegistry;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRegistryTest {
  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler scheduler = new FakeScheduler(ticker);
  private final InMemoryRegistry registry = InMemoryRegistry.create(ticker, scheduler);
  private final DiscoveryEnvironment env = new DiscoveryEnvironment(scheduler, scheduler, ticker, TelemetryListener.NOOP,
      Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1));
  private final Endpoint a = Endpoint.of("127.0.0.1", 9001);
  private final Endpoint b = Endpoint.of("127.0.0.1", 9002);

  @Test
  void anEntryWithoutHeartbeatExpiresAfterItsTtl() {
    InMemoryRegistry.Lease lease = registry.register("users", a, Duration.ofSeconds(10));
    try (EndpointSource s = registry.watch("users", DiscoveryTarget.parse("mem:users"), env)) {
      scheduler.advance(Duration.ofMillis(9_999));
      assertThat(s.current().orElseThrow().endpoints()).containsExactly(a);
      scheduler.advance(Duration.ofMillis(1));
      assertThat(s.current().orElseThrow().isEmpty()).isTrue();
      assertThat(lease.isRegistered()).isFalse();
      assertThat(lease.heartbeat()).isFalse();
    }
  }

  @Test
  void heartbeatsKeepAnEntryAliveAndOnlyTheSilentOneExpires() {
    InMemoryRegistry.Lease beating = registry.register("users", a, Duration.ofSeconds(10));
    registry.register("users", b, Duration.ofSeconds(10));
    for (int i = 0; i < 6; i++) {
      scheduler.advance(Duration.ofSeconds(4));
      assertThat(beating.heartbeat()).isTrue();
    }
    assertThat(registry.endpoints("users").endpoints()).containsExactly(a);
    assertThat(beating.isRegistered()).isTrue();
  }

  @Test
  void entriesWithoutTtlNeverExpire() {
    registry.register("users", a);
    scheduler.advance(Duration.ofDays(1));
    assertThat(registry.expireNow()).isZero();
    assertThat(registry.endpoints("users").endpoints()).containsExactly(a);
  }

  @Test
  void closingAnOldLeaseDoesNotRemoveItsReplacement() {
    InMemoryRegistry.Lease old = registry.register("users", a);
    Endpoint heavier = a.withWeight(5);
    registry.register("users", heavier);
    old.close();
    assertThat(registry.endpoints("users").endpoints()).containsExactly(heavier);
    assertThat(registry.endpoints("users").endpoints().get(0).weight()).isEqualTo(5);
  }

  @Test
  void anUnknownServiceIsTheEmptySetNotAnError() {
    try (EndpointSource s = registry.watch("nobody", DiscoveryTarget.parse("mem:nobody"), env)) {
      assertThat(s.awaitInitial(Duration.ofMillis(1)).isEmpty()).isTrue();
    }
  }
}
