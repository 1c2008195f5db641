package dev.switchboard.discovery.etcd;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.etcd.internal.EtcdEndpointSource;
import dev.switchboard.discovery.etcd.internal.EtcdTarget;

/**
 * {@code etcd://host:port[,host:port]/services/users[?probeInterval=2s]}: every key under
 * {@code services/users/} whose value is in grpc-go's etcd naming layout
 * ({@code {"Addr":"host:port","Metadata":...}}, see {@code go.etcd.io/etcd/client/v3/naming}).
 * Go services registered with {@code endpoints.Manager.AddEndpoint(ctx, "services/users/<id>", ...)}
 * are found as they are.
 *
 * <pre>{@code
 * ServiceConfig.target("etcd://10.0.0.5:2379,10.0.0.6:2379/services/users");
 * }</pre>
 *
 * <p>The source lists, then watches from the listed revision. While etcd is unreachable the last
 * set stays, the error is reported, and the connection is probed with backoff capped at 1 s (or
 * {@code probeInterval} if smaller); on reconnection the watch resumes from the last applied
 * revision, so no update is lost. If etcd compacted that revision away meanwhile, or answers with
 * any other error, the source lists again at once: a reachable server never waits out backoff, so
 * the set converges within about a second of reconnection. A key with garbage JSON, no port or a
 * bad address is skipped with a warning naming the key; the others stay. No keys publish the empty
 * set. Clients are shared per cluster. Thread-safe.
 */
public final class EtcdDiscoveryProvider implements DiscoveryProvider {
  @Override
  public String scheme() {
    return "etcd";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    return new EtcdEndpointSource(target, environment, EtcdTarget.parse(target));
  }
}
