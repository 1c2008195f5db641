package dev.switchboard.discovery.etcd;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.Registrar;
import dev.switchboard.discovery.Registration;
import dev.switchboard.discovery.etcd.internal.EtcdRegistration;
import dev.switchboard.discovery.etcd.internal.EtcdTarget;
import dev.switchboard.endpoint.Endpoint;

/**
 * Registers under {@code etcd://host:port/services/users[?leaseTtl=10s]}: the key
 * {@code services/users/<host:port>} holds {@code {"Op":0,"Addr":"host:port","Metadata":{"weight":1,
 * "zone":...,<metadata>}}} (grpc-go's layout, so Go clients find it too), attached to a lease kept
 * alive by jetcd. If the process dies the key disappears after {@code leaseTtl}; closing the
 * registration revokes the lease at once. Thread-safe.
 *
 * <pre>{@code
 * Registration self = Discovery.register("etcd://127.0.0.1:2379/services/users", Endpoint.of("10.0.0.7", 8080));
 * }</pre>
 */
public final class EtcdRegistrar implements Registrar {
  @Override
  public String scheme() {
    return "etcd";
  }

  @Override
  public Registration register(DiscoveryTarget target, Endpoint self, DiscoveryEnvironment environment) {
    return new EtcdRegistration(target.raw(), EtcdTarget.parse(target), self, environment).start();
  }
}
