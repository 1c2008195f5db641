package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.LoadBalancerPolicy;
import dev.switchboard.balancer.PickContext;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code round_robin}: each endpoint in turn, skipping exclusions. Weights are ignored. */
public final class RoundRobinPolicy implements LoadBalancerPolicy {
  @Override
  public String name() {
    return "round_robin";
  }

  @Override
  public LoadBalancer newBalancer(BalancerContext context) {
    return new Balancer(context);
  }

  private static final class Balancer implements LoadBalancer {
    private final BalancerContext context;
    /** Shared across picker generations so an update does not restart the rotation. */
    private final AtomicInteger next;
    private volatile Picker picker = Picker.unavailable("no endpoints discovered yet");

    Balancer(BalancerContext context) {
      this.context = context;
      this.next = new AtomicInteger(context.random().nextInt(1 << 16));
    }

    @Override
    public void update(EndpointSet endpoints) {
      context.stats().retain(endpoints);
      picker = endpoints.isEmpty()
          ? Picker.unavailable("discovery returned no endpoints")
          : new RoundRobinPicker(endpoints.endpoints().toArray(new Endpoint[0]), next);
    }

    @Override
    public Picker picker() {
      return picker;
    }

    @Override
    public void close() {}
  }

  static final class RoundRobinPicker implements Picker {
    private final Endpoint[] endpoints;
    private final AtomicInteger next;

    RoundRobinPicker(Endpoint[] endpoints, AtomicInteger next) {
      this.endpoints = endpoints;
      this.next = next;
    }

    @Override
    public Endpoint pick(PickContext context) {
      int n = endpoints.length;
      int start = Math.floorMod(next.getAndIncrement(), n);
      for (int i = 0; i < n; i++) {
        Endpoint e = endpoints[(start + i) % n];
        if (!context.isExcluded(e)) {
          return e;
        }
      }
      return null;
    }

    @Override
    public String describeUnavailable() {
      return "all " + endpoints.length + " endpoints excluded";
    }
  }
}
