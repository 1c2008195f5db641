package dev.switchboard.discovery.eureka.internal;

import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.SharedClients;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The instances of one Eureka application, from the process's shared {@link EurekaRegistry}: every
 * {@code UP} instance becomes an endpoint; {@code DOWN}, {@code STARTING},
 * {@code OUT_OF_SERVICE} and {@code UNKNOWN} instances are left out, since each is Eureka's word
 * that the instance must get no traffic (and unlike a failed health check, panic mode must not
 * override it). An instance without a host or an enabled port is skipped with a warning naming it.
 * No instances (or no such application) publish the empty set; a failed fetch keeps the last set
 * and reports the error.
 *
 * <p>Threading: callbacks arrive on the registry's threads, one fetch at a time; publishing is
 * serialized by the base class.
 */
public final class EurekaEndpointSource extends AbstractEndpointSource {
  private final EurekaTarget eureka;
  private final SharedClients.Lease<EurekaRegistry> registry;
  private final AutoCloseable subscription;

  public EurekaEndpointSource(DiscoveryTarget target, DiscoveryEnvironment environment, EurekaTarget eureka) {
    super(target, environment);
    this.eureka = eureka;
    this.registry = EurekaRegistries.acquire(eureka, environment.timer());
    this.subscription = registry.client().subscribe(eureka.app(), new EurekaRegistry.Listener() {
      @Override
      public void onInstances(List<EurekaInstance> instances) {
        publish(endpoints(instances));
      }

      @Override
      public void onError(Throwable error) {
        publishError(error);
      }
    });
  }

  /**
   * Full registry fetches made so far by the registry this source shares; the rest were deltas.
   * For tests and diagnostics.
   */
  public long registryFullFetches() {
    return registry.client().fullFetches();
  }

  private EndpointSet endpoints(List<EurekaInstance> instances) {
    List<Endpoint> out = new ArrayList<>();
    for (EurekaInstance i : instances) {
      if (!i.up()) {
        continue;
      }
      try {
        out.add(i.toEndpoint(eureka.useIpAddress()));
      } catch (IllegalArgumentException e) {
        warnSkipped(i.app() + "/" + i.instanceId(), e.getMessage());
      }
    }
    return EndpointSet.of(out);
  }

  @Override
  protected void doClose() {
    try {
      subscription.close();
    } catch (Exception e) {
      // a list removal; cannot fail
    }
    registry.close();
  }
}
