package dev.switchboard.discovery.zookeeper;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.Registrar;
import dev.switchboard.discovery.Registration;
import dev.switchboard.discovery.zookeeper.internal.ZkRegistration;
import dev.switchboard.discovery.zookeeper.internal.ZkTarget;
import dev.switchboard.endpoint.Endpoint;

/**
 * Registers under {@code zk://host:port/base/path/service} exactly as Curator's
 * {@code ServiceDiscovery} would: an ephemeral node {@code /base/path/service/<uuid>} with
 * {@code ServiceInstance} JSON whose payload is a map of {@code weight}, {@code zone} and the
 * endpoint's metadata. Curator clients (with payload class {@code Map}) and {@code zk:} discovery
 * both find it. Closing the registration deletes the node and ends its session. Thread-safe.
 *
 * <pre>{@code
 * Registration self = Discovery.register("zk://127.0.0.1:2181/services/users", Endpoint.of("10.0.0.7", 8080));
 * }</pre>
 */
public final class ZkRegistrar implements Registrar {
  @Override
  public String scheme() {
    return "zk";
  }

  @Override
  public Registration register(DiscoveryTarget target, Endpoint self, DiscoveryEnvironment environment) {
    return new ZkRegistration(target.raw(), ZkTarget.parse(target), self, environment).start();
  }
}
