package dev.switchboard.testing.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.EndpointListener;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.telemetry.TelemetryListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EndpointSource} keeps, run against a real registry. A provider's test
 * extends this class and supplies a {@link Fixture} for one fresh service; the registry itself is
 * usually started once per test class.
 *
 * <p>Endpoints are compared by {@linkplain Endpoint#address() address}. Fixtures are given
 * endpoints on {@code 127.0.0.1} with distinct ports, which every registry (DNS included) can
 * represent.
 */
public abstract class EndpointSourceContract {
  /** Endpoints the tests register. */
  protected static final Endpoint A = Endpoint.of("127.0.0.1", 10_001);
  protected static final Endpoint B = Endpoint.of("127.0.0.1", 10_002);
  protected static final Endpoint C = Endpoint.of("127.0.0.1", 10_003);

  /** One service in a real registry, under test control. */
  public interface Fixture extends AutoCloseable {
    /** The discovery target that reads this service. */
    String target();

    /** Makes the registry hold exactly {@code endpoints} for this service. */
    void set(List<Endpoint> endpoints) throws Exception;

    /** Makes the registry unreachable (stops the server). */
    default void breakRegistry() throws Exception {
      throw new UnsupportedOperationException();
    }

    /** Brings the registry back, with its data. */
    default void repairRegistry() throws Exception {
      throw new UnsupportedOperationException();
    }

    /** False for sources that never change (e.g. {@code static:}). */
    default boolean mutable() {
      return true;
    }

    /** False for sources that cannot fail (e.g. {@code static:}, {@code mem:}). */
    default boolean canFail() {
      return true;
    }

    @Override
    default void close() throws Exception {}
  }

  /** A fixture for a fresh service that holds {@code initial}. */
  protected abstract Fixture newFixture(List<Endpoint> initial) throws Exception;

  /** How long an update may take to arrive; generous, for 2 shared CI cores. */
  protected Duration updateTimeout() {
    return Duration.ofSeconds(15);
  }

  /** The environment sources are opened with: short retry backoff, recording telemetry. */
  protected DiscoveryEnvironment environment(TelemetryListener telemetry) {
    DiscoveryEnvironment d = DiscoveryEnvironment.defaults();
    return new DiscoveryEnvironment(d.scheduler(), d.timer(), d.ticker(), telemetry, Duration.ofSeconds(10),
        Duration.ofMillis(50), Duration.ofMillis(500));
  }

  @Test
  void publishesTheRegisteredEndpoints() throws Exception {
    try (Fixture f = newFixture(List.of(A, B));
        EndpointSource source = Discovery.open(f.target(), environment(TelemetryListener.NOOP))) {
      assertThat(addresses(source.awaitInitial(updateTimeout()))).containsExactlyInAnyOrder(A.address(), B.address());
      assertThat(source.target().raw()).isEqualTo(f.target());
    }
  }

  @Test
  void deliversTheCurrentSetToALateSubscriberAtOnce() throws Exception {
    try (Fixture f = newFixture(List.of(A));
        EndpointSource source = Discovery.open(f.target(), environment(TelemetryListener.NOOP))) {
      source.awaitInitial(updateTimeout());
      Recorder late = new Recorder();
      source.subscribe(late);
      // delivered on the calling thread, before subscribe returned
      assertThat(late.updates).hasSize(1);
      assertThat(addresses(late.last())).containsExactly(A.address());
    }
  }

  @Test
  void followsChangesAndReportsThemToTelemetry() throws Exception {
    try (Fixture f = newFixture(List.of(A, B))) {
      Assumptions.assumeTrue(f.mutable(), "source never changes");
      Recorder telemetry = new Recorder();
      try (EndpointSource source = Discovery.open(f.target(), environment(telemetry))) {
        Recorder r = new Recorder();
        source.subscribe(r);
        source.awaitInitial(updateTimeout());
        f.set(List.of(B, C));
        await().atMost(updateTimeout()).untilAsserted(() ->
            assertThat(addresses(r.last())).containsExactlyInAnyOrder(B.address(), C.address()));
        assertThat(addresses(telemetry.last())).containsExactlyInAnyOrder(B.address(), C.address());
      }
    }
  }

  @Test
  void publishesAnEmptySetWhenTheLastEndpointLeaves() throws Exception {
    try (Fixture f = newFixture(List.of(A))) {
      Assumptions.assumeTrue(f.mutable(), "source never changes");
      try (EndpointSource source = Discovery.open(f.target(), environment(TelemetryListener.NOOP))) {
        Recorder r = new Recorder();
        source.subscribe(r);
        source.awaitInitial(updateTimeout());
        f.set(List.of());
        // empty is a real state, never "no change"
        await().atMost(updateTimeout()).untilAsserted(() -> assertThat(r.last().isEmpty()).isTrue());
        assertThat(source.current().orElseThrow().isEmpty()).isTrue();
      }
    }
  }

  @Test
  void keepsTheLastKnownGoodSetAndReportsTheErrorWhileTheRegistryIsDown() throws Exception {
    try (Fixture f = newFixture(List.of(A, B))) {
      Assumptions.assumeTrue(f.canFail(), "source cannot fail");
      Recorder telemetry = new Recorder();
      try (EndpointSource source = Discovery.open(f.target(), environment(telemetry))) {
        Recorder r = new Recorder();
        source.subscribe(r);
        source.awaitInitial(updateTimeout());
        f.breakRegistry();
        try {
          await().atMost(updateTimeout()).until(() -> !telemetry.errors.isEmpty() && !r.errors.isEmpty());
          assertThat(addresses(source.current().orElseThrow()))
              .containsExactlyInAnyOrder(A.address(), B.address());
          assertThat(r.updates).allSatisfy(set -> assertThat(set.isEmpty()).isFalse());
        } finally {
          f.repairRegistry();
        }
        f.set(List.of(C));
        await().atMost(updateTimeout()).untilAsserted(() ->
            assertThat(addresses(r.last())).containsExactly(C.address()));
      }
    }
  }

  @Test
  void closesCleanlyAndStopsDelivering() throws Exception {
    try (Fixture f = newFixture(List.of(A))) {
      EndpointSource source = Discovery.open(f.target(), environment(TelemetryListener.NOOP));
      Recorder r = new Recorder();
      source.subscribe(r);
      source.awaitInitial(updateTimeout());
      assertThatCode(source::close).doesNotThrowAnyException();
      assertThatCode(source::close).doesNotThrowAnyException();
      if (!f.mutable()) {
        return;
      }
      int seen = r.updates.size();
      f.set(List.of(B));
      // a second source sees the change; the closed one must not
      try (EndpointSource witness = Discovery.open(f.target(), environment(TelemetryListener.NOOP))) {
        Recorder w = new Recorder();
        witness.subscribe(w);
        await().atMost(updateTimeout()).untilAsserted(() ->
            assertThat(addresses(w.last())).containsExactly(B.address()));
      }
      assertThat(r.updates).hasSize(seen);
      assertThat(addresses(r.last())).containsExactly(A.address());
    }
  }

  /** Addresses of {@code set}, for order-insensitive comparison. */
  protected static Set<String> addresses(EndpointSet set) {
    return set == null ? Set.of() : set.endpoints().stream().map(Endpoint::address).collect(Collectors.toSet());
  }

  /** Records updates and errors, both as an {@link EndpointListener} and as telemetry. */
  protected static final class Recorder implements EndpointListener, TelemetryListener {
    public final List<EndpointSet> updates = new CopyOnWriteArrayList<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onUpdate(EndpointSet endpoints) {
      updates.add(endpoints);
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
    }

    @Override
    public void onDiscoveryUpdate(String target, EndpointSet endpoints) {
      updates.add(endpoints);
    }

    @Override
    public void onDiscoveryError(String target, Throwable error) {
      errors.add(error);
    }

    /** The last update, or null. */
    public EndpointSet last() {
      return updates.isEmpty() ? null : updates.get(updates.size() - 1);
    }
  }
}
