package dev.switchboard.discovery.internal;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.InMemoryRegistry;
import dev.switchboard.discovery.Registrar;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;

/**
 * Registers into the {@linkplain InMemoryRegistry#global() global in-process registry} for
 * {@code mem:service} targets, without a TTL: the entry lives until the registration closes.
 */
public final class MemRegistrar implements Registrar {
  @Override
  public String scheme() {
    return "mem";
  }

  @Override
  public Registration register(DiscoveryTarget target, Endpoint self, DiscoveryEnvironment environment) {
    return InMemoryRegistry.global().register(MemDiscoveryProvider.service(target), self);
  }
}
