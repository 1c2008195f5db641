package dev.switchboard.discovery.zookeeper.internal;

import dev.switchboard.discovery.DiscoveryTarget;
import java.time.Duration;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;

/**
 * A parsed {@code zk://host:port[,host:port...]/base/path/service} target. The last path segment
 * is the service name and the rest is Curator's {@code basePath}, so instances live at
 * {@code /base/path/service/<id>}, where Curator's {@code ServiceDiscovery} puts them. Immutable.
 *
 * @param raw the target as given
 * @param connectString ZooKeeper hosts
 * @param basePath Curator's discovery base path
 * @param service the service name
 * @param sessionTimeout ZooKeeper session timeout: how long a registration outlives its process
 * @param connectionTimeout how long to wait for a connection before reporting an error
 */
public record ZkTarget(String raw, String connectString, String basePath, String service,
    Duration sessionTimeout, Duration connectionTimeout) {
  /** Default session timeout: a crashed replica disappears after this. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);
  /** Default connection timeout. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** Parses {@code target}; every failure quotes it. */
  public static ZkTarget parse(DiscoveryTarget target) {
    target.requireOnlyParams("sessionTimeout", "connectionTimeout");
    String hosts = target.authority();
    if (hosts == null || hosts.isBlank()) {
      throw new IllegalArgumentException("ZooKeeper target \"" + target.raw()
          + "\" names no server (expected zk://host:port/base/path/service)");
    }
    for (String host : hosts.split(",")) {
      int colon = host.lastIndexOf(':');
      if (colon <= 0 || colon == host.length() - 1 || !host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("missing or bad port in ZooKeeper server \"" + host + "\" of target \""
            + target.raw() + "\" (expected host:port)");
      }
    }
    String path = "/" + target.name();
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      PathUtils.validatePath(path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad ZooKeeper path \"" + path + "\" in target \"" + target.raw() + "\": "
          + e.getMessage(), e);
    }
    ZKPaths.PathAndNode split = ZKPaths.getPathAndNode(path);
    if (split.getNode().isEmpty()) {
      throw new IllegalArgumentException("ZooKeeper target \"" + target.raw()
          + "\" names no service (expected zk://host:port/base/path/service)");
    }
    Duration session = target.durationParam("sessionTimeout", DEFAULT_SESSION_TIMEOUT);
    Duration connection = target.durationParam("connectionTimeout", DEFAULT_CONNECTION_TIMEOUT);
    if (session.isZero() || connection.isZero()) {
      throw new IllegalArgumentException("timeouts must be > 0 in ZooKeeper target \"" + target.raw() + "\"");
    }
    return new ZkTarget(target.raw(), hosts, split.getPath(), split.getNode(), session, connection);
  }

  /** {@code basePath/service}: the parent of the instance nodes. */
  public String servicePath() {
    return ZKPaths.makePath(basePath, service);
  }
}
