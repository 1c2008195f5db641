package dev.switchboard.discovery.eureka.internal;

import dev.switchboard.discovery.SharedClients;
import dev.switchboard.time.Timer;

/**
 * One {@link EurekaRegistry} per Eureka cluster (servers, interval, timeout) and timer, shared
 * by every source in the process and closed when the last one lets go: each registry polls, and
 * one poll per cluster is what Netflix's client does however many applications it reads.
 * Thread-safe.
 */
final class EurekaRegistries {
  private record Key(EurekaTarget.RegistryKey registry, Timer timer) {}

  private static final SharedClients<Key, EurekaRegistry> SHARED =
      new SharedClients<>(k -> new EurekaRegistry(k.registry(), k.timer()), EurekaRegistry::close);

  private EurekaRegistries() {}

  static SharedClients.Lease<EurekaRegistry> acquire(EurekaTarget target, Timer timer) {
    return SHARED.acquire(new Key(target.registryKey(), timer));
  }
}
