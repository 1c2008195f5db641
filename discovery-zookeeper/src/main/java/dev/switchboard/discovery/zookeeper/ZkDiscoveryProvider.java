package dev.switchboard.discovery.zookeeper;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.zookeeper.internal.ZkEndpointSource;
import dev.switchboard.discovery.zookeeper.internal.ZkTarget;

/**
 * {@code zk://host:port[,host:port]/base/path/service[?sessionTimeout=15s&connectionTimeout=5s]}:
 * the instances that Apache Curator's {@code ServiceDiscovery} (curator-x-discovery) registers
 * with {@code basePath("/base/path")} under the name {@code service}, read from their
 * {@code ServiceInstance} JSON. Services that already register with Curator are found as they are.
 *
 * <pre>{@code
 * ServiceConfig.target("zk://zk1:2181,zk2:2181/services/users");
 * }</pre>
 *
 * <p>Children are watched, so a change reaches subscribers as soon as ZooKeeper reports it. A
 * node with garbage JSON, no port or a bad address is skipped with a warning naming it; the
 * others stay. An empty or missing service path publishes the empty set. While the connection is
 * suspended or the session lost, the last set stays and the error is reported; reconnection
 * resyncs. Clients are shared per ensemble. Thread-safe.
 */
public final class ZkDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "zk";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    return new ZkEndpointSource(target, environment, ZkTarget.parse(target));
  }
}
