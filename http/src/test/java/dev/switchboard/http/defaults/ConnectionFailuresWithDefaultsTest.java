package dev.switchboard.http.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.BlackHole;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's connection-level failures, with defaults: a replica killed under load, one that
 * resets every connection and one that black-holes connects, the last two while another replica
 * is already ejected (before, the 10% ejection bound kept the second bad replica in rotation: 25%
 * of attempts, 0.6-0.8% of calls lost). Connection failures now take an endpoint out of rotation
 * outside that bound, until a reconnect probe succeeds.
 */
class ConnectionFailuresWithDefaultsTest {
  /** Records connectivity transitions and ejections. */
  static final class Events implements TelemetryListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final java.util.Map<String, Long> firstDownNanos = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {
      events.add((healthy ? "up " : "down ") + endpoint.address() + ": " + reason);
      if (!healthy) {
        firstDownNanos.putIfAbsent(endpoint.address(), System.nanoTime());
      }
    }

    @Override
    public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
      events.add("ejected " + endpoint.address() + ": " + reason);
    }
  }

  @Test
  void aReplicaKilledUnderLoadLosesNoIdempotentCall() throws Exception {
    try (ScriptedServers replicas = ScriptedServers.start(3)) {
      replicas.route("GET", "/x", Reply.ok("ok").delay(Duration.ofMillis(2)));
      ServiceConfig config = ServiceConfig.builder().target(replicas.staticTarget())
          .timeout(Duration.ofSeconds(1)).build();
      AtomicInteger started = new AtomicInteger();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        Load load = Load.run(3000, 8, Duration.ofSeconds(90), i -> {
          if (started.incrementAndGet() == 1000) {
            replicas.get(2).close(); // every connection dropped, the port refuses from now on
          }
          client.request("GET", "/x").exchange();
        });
        assertThat(load.failed.get()).as("%s", load).isZero();
      }
    }
  }

  @Test
  void whileAHungReplicaHoldsTheEjectionSlotAResettingThenABlackHoledReplicaLoseNoCall() throws Exception {
    Events events = new Events();
    String target = "mem:connection-failures-" + System.nanoTime();
    List<Registration> registrations = new ArrayList<>();
    try (ScriptedServers replicas = ScriptedServers.start(5); BlackHole hole = BlackHole.start()) {
      replicas.route("GET", "/x", Reply.ok("ok"));
      replicas.get(0).route("GET", "/x").reply(Reply.neverAnswer()); // hung: ejected, holds the 10% slot
      replicas.forEach(r -> registrations.add(Discovery.register(target, r.endpoint())));
      ServiceConfig config = ServiceConfig.builder().target(target).timeout(Duration.ofSeconds(1))
          .telemetry(events).build();
      try (HttpServiceClient client = new HttpServiceClient(config)) {
        AtomicInteger warmFailures = new AtomicInteger();
        await().atMost(Duration.ofSeconds(40)).until(() -> {
          warmFailures.addAndGet(Load.run(200, 8, Duration.ofSeconds(10), i -> client.request("GET", "/x").exchange())
              .failed.get());
          return events.events.stream().anyMatch(e -> e.startsWith("ejected " + replicas.get(0).endpointAddress()));
        });
        assertThat(warmFailures.get()).isZero();

        replicas.get(3).route("GET", "/x").reply(Reply.resetConnection());
        replicas.clear();
        Load resets = Load.run(2000, 8, Duration.ofSeconds(60), i -> client.request("GET", "/x").exchange());
        assertThat(resets.failed.get()).as("%s", resets).isZero();
        assertThat(events.events).anyMatch(e -> e.startsWith("down " + replicas.get(3).endpointAddress()));
        // out of rotation but for its reconnect probes' readmissions, with a growing backoff
        assertThat(replicas.get(3).requestCount()).isLessThan(2000 / 100);

        replicas.get(3).route("GET", "/x").reply(Reply.ok("ok"));
        registrations.add(Discovery.register(target, hole.endpoint()));
        long joined = System.nanoTime();
        Load holes = Load.run(2000, 8, Duration.ofSeconds(60), i -> client.request("GET", "/x").exchange());
        assertThat(holes.failed.get()).as("%s", holes).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThat(events.firstDownNanos).containsKey(hole.endpointAddress()));
        long outAfterMillis = (events.firstDownNanos.get(hole.endpointAddress()) - joined) / 1_000_000;
        assertThat(outAfterMillis).as("%s", events.events).isLessThan(2000);
      }
    } finally {
      registrations.forEach(Registration::close);
    }
  }
}
