package dev.switchboard.discovery.internal;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.InMemoryRegistry;

/**
 * {@code mem:service} or {@code mem:///service}: the {@linkplain InMemoryRegistry#global() global
 * in-process registry}. {@link MemRegistrar} writes there.
 */
public final class MemDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    return InMemoryRegistry.global().watch(service(target), target, environment);
  }

  static String service(DiscoveryTarget target) {
    target.requireOnlyParams();
    String name = target.name();
    if (name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException(
          "mem target \"" + target.raw() + "\" must name one service, e.g. mem:users or mem:///users");
    }
    return name;
  }
}
