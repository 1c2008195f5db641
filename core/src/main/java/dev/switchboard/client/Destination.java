package dev.switchboard.client;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.EndpointStatsRegistry;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.balancer.Picker;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.EndpointListener;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.pipeline.Endpoints;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a client keeps per destination service: the discovery source, the balancer fed by
 * it, and the endpoint statistics the pipeline updates; the {@link Endpoints} of its pipeline.
 * Thread-safe; balancer updates are serialized by this class.
 */
public final class Destination implements Endpoints, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Destination.class);

  private final ServiceConfig config;
  private final EndpointSource source;
  private final LoadBalancer balancer;
  private final EndpointStatsRegistry stats;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AutoCloseable subscription;
  private volatile Throwable lastDiscoveryError;
  /** Non-null while discovery's last answer was empty: names the target in NO_ENDPOINTS errors. */
  private volatile Picker emptyPicker;
  /** For introspection: the last set, how many arrived, when the last did (ticker). */
  private volatile EndpointSet lastSet = EndpointSet.empty();
  private volatile long updates;
  private volatile long lastUpdateNanos;

  private Destination(ServiceConfig config) {
    this.config = config;
    DiscoveryEnvironment env = DiscoveryEnvironment.defaults()
        .withTelemetry(config.telemetry())
        .withInitialTimeout(config.initialResolutionTimeout());
    this.stats = new EndpointStatsRegistry(config.ticker(), config.balancing().peakEwmaDecay());
    this.balancer = LoadBalancerPolicies.forName(config.balancer()).newBalancer(new BalancerContext(
        config.name(), stats, config.ticker(), config.policies().random(), config.policies().timer(),
        config.telemetry(), withClientHealthChecks(config)));
    this.source = Discovery.open(config.discoveryTarget(), env);
    this.subscription = source.subscribe(new EndpointListener() {
      @Override
      public void onUpdate(EndpointSet endpoints) {
        synchronized (Destination.this) { // control side: one update at a time
          // An empty registry is a real answer (NXDOMAIN, all replicas deregistered): calls fail
          // with NO_ENDPOINTS naming the target instead of a balancer's generic reason. The order
          // of the two writes keeps picker() from ever showing "empty" next to a live set.
          if (endpoints.isEmpty()) {
            emptyPicker = Picker.unavailable(
                "discovery of \"" + config.discoveryTarget() + "\" returned no endpoints");
            balancer.update(endpoints);
          } else {
            balancer.update(endpoints);
            emptyPicker = null;
          }
          lastSet = endpoints;
          lastUpdateNanos = config.ticker().nanoTime();
          updates++; // written under the lock, read racily: a snapshot may lag one update
        }
        ready.complete(null);
      }

      @Override
      public void onError(Throwable error) {
        lastDiscoveryError = error;
      }
    });
  }

  /** The balancing policy with its health checker bound to the client's scheme and TLS material. */
  private static BalancingPolicy withClientHealthChecks(ServiceConfig config) {
    BalancingPolicy balancing = config.balancing();
    return balancing.healthCheck()
        .map(h -> balancing.toBuilder().healthCheck(h.toBuilder()
            .checker(h.checker().forClient(config.scheme(), config.tls())).build()).build())
        .orElse(balancing);
  }

  /** Opens discovery and balancing for {@code config}. */
  public static Destination open(ServiceConfig config) {
    return new Destination(config);
  }

  /** The configuration. */
  public ServiceConfig config() {
    return config;
  }

  /** The current picker. */
  @Override
  public Picker picker() {
    Picker empty = emptyPicker;
    return empty != null ? empty : balancer.picker();
  }

  /** Per-endpoint statistics. */
  @Override
  public EndpointStatsRegistry stats() {
    return stats;
  }

  /** Completes once discovery delivered its first set. */
  @Override
  public CompletableFuture<Void> ready() {
    return ready;
  }

  /** How long calls wait for discovery's first answer: the config's initial resolution timeout. */
  @Override
  public Duration readyTimeout() {
    return config.initialResolutionTimeout();
  }

  @Override
  public RejectedCallException notReadyError() {
    return notResolvedError();
  }

  /**
   * Every endpoint of discovery's last set with its health and statistics: the balancer's view,
   * or, for a balancer that does not track health, each endpoint's statistics as healthy.
   */
  @Override
  public List<EndpointState> endpointStates() {
    List<EndpointState> tracked = balancer.endpointStates();
    if (!tracked.isEmpty()) {
      return tracked;
    }
    long now = config.ticker().nanoTime();
    List<EndpointState> out = new ArrayList<>();
    for (Endpoint e : lastSet.endpoints()) {
      out.add(stats.of(e).snapshot(e, now, true, false, 0, ""));
    }
    return out;
  }

  @Override
  public DiscoveryStatus discoveryStatus() {
    Throwable e = lastDiscoveryError;
    return new DiscoveryStatus(String.valueOf(config.discoveryTarget()), updates, lastUpdateNanos,
        e == null ? null : String.valueOf(e.getMessage() == null ? e : e.getMessage()));
  }

  /** True once discovery delivered its first set. */
  public boolean isReady() {
    return ready.isDone();
  }

  /** The error to fail calls with when discovery has not answered in time. */
  public RejectedCallException notResolvedError() {
    Throwable e = lastDiscoveryError;
    return new RejectedCallException(ErrorKind.NO_ENDPOINTS,
        "discovery of \"" + config.discoveryTarget() + "\" returned nothing within "
            + config.initialResolutionTimeout().toMillis() + " ms" + (e == null ? "" : ": " + e));
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("closing subscription", e);
    }
    source.close();
    balancer.close();
  }
}
