package dev.switchboard.discovery.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.dns.internal.DnsSettings;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.DnsmasqProcess;
import dev.switchboard.testing.FakeScheduler;
import dev.switchboard.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When DNS sources query again: after the TTL clamped to the target's bounds, and after failures
 * with exponential backoff. Time is a {@link FakeScheduler}; the DNS server is a real dnsmasq
 * whose records have a TTL of 1 s.
 */
class DnsRefreshTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final FakeTicker ticker = new FakeTicker();
  private final FakeScheduler scheduler = new FakeScheduler(ticker);
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final DiscoveryEnvironment env = new DiscoveryEnvironment(scheduler, ticker, new TelemetryListener() {
    @Override
    public void onDiscoveryError(String target, Throwable error) {
      errors.add(error);
    }
  }, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(400));
  private DnsmasqProcess dns;

  @BeforeEach
  void startDns() {
    dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(1), records(8081));
  }

  @AfterEach
  void stopDns() {
    dns.close();
  }

  private static DnsmasqProcess.Records records(int... ports) {
    DnsmasqProcess.Records r = DnsmasqProcess.records().host("users.svc.test", "127.0.0.1");
    for (int port : ports) {
      r = r.srv("_users._tcp.svc.test", "users.svc.test", port, 0, 1);
    }
    return r;
  }

  private EndpointSource open(String params) {
    return Discovery.open("dns+srv://" + dns.address() + "/_users._tcp.svc.test?timeout=300ms&" + params, env);
  }

  @Test
  void aTtlBelowTheMinimumIsRaisedAndChangedRecordsArriveAfterIt() {
    try (EndpointSource s = open("minTtl=5s")) {
      assertThat(s.awaitInitial(WAIT).endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:8081");
      await().atMost(WAIT).until(() -> scheduler.pendingCount() == 1);
      assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(5));

      dns.restart(records(8081, 8082));
      scheduler.advance(Duration.ofMillis(4_999));
      assertThat(s.current().orElseThrow().size()).isEqualTo(1); // not yet: the clamped TTL has not passed
      scheduler.advance(Duration.ofMillis(1));
      await().atMost(WAIT).until(() -> s.current().orElseThrow().size() == 2);
    }
  }

  @Test
  void aTtlAboveTheMaximumIsLowered() {
    try (EndpointSource s = open("minTtl=100ms&maxTtl=500ms")) {
      s.awaitInitial(WAIT);
      await().atMost(WAIT).until(() -> scheduler.pendingCount() == 1);
      assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMillis(500));
    }
  }

  @Test
  void aTtlWithinBoundsIsUsedAsIs() {
    try (EndpointSource s = open("minTtl=100ms&maxTtl=1m")) {
      s.awaitInitial(WAIT);
      await().atMost(WAIT).until(() -> scheduler.pendingCount() == 1);
      assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void withTheServerStoppedTheLastSetStaysErrorsAreReportedAndRetriesBackOff() {
    try (EndpointSource s = open("minTtl=1s")) {
      EndpointSet known = s.awaitInitial(WAIT);
      await().atMost(WAIT).until(() -> scheduler.pendingCount() == 1);
      dns.stop();

      Duration next = Duration.ofSeconds(1);
      for (Duration expected : List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
          Duration.ofMillis(400))) {
        int before = errors.size();
        scheduler.advance(next);
        await().atMost(WAIT).until(() -> errors.size() == before + 1 && scheduler.pendingCount() == 1);
        assertThat(scheduler.pendingDelays()).containsExactly(expected);
        assertThat(s.current()).contains(known);
        next = expected;
      }
      assertThat(errors.get(0)).hasMessageContaining("_users._tcp.svc.test").hasMessageContaining(dns.address());

      dns.restart(records(8083));
      scheduler.advance(next);
      await().atMost(WAIT).untilAsserted(() -> assertThat(s.current().orElseThrow().endpoints())
          .extracting(Endpoint::address).containsExactly("127.0.0.1:8083"));
      await().atMost(WAIT).until(() -> scheduler.pendingCount() == 1);
      assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofSeconds(1)); // back to TTL-driven
    }
  }

  @Test
  void ttlClampingIsAPureFunctionOfTheBounds() {
    DnsSettings s = new DnsSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(1));
    assertThat(s.refreshAfter(0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.refreshAfter(-1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.refreshAfter(30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.refreshAfter(86_400)).isEqualTo(Duration.ofSeconds(60));
  }
}
