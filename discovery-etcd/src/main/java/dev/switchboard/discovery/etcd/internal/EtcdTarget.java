package dev.switchboard.discovery.etcd.internal;

import dev.switchboard.discovery.DiscoveryTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code etcd://host:port[,host:port]/services/users} target. Keys of the service are
 * {@code services/users/<anything>}: the path without its leading slash, then {@code /}, as
 * grpc-go's etcd resolver ({@code go.etcd.io/etcd/client/v3/naming}) reads them for the target
 * {@code etcd:///services/users}. Immutable.
 *
 * @param raw the target as given
 * @param endpoints etcd client URLs ({@code http://host:port})
 * @param prefix the service key prefix, ending with {@code /}
 * @param probeInterval how often the connection is checked while the watch is quiet
 * @param leaseTtl the lease TTL for registrations
 */
public record EtcdTarget(String raw, List<String> endpoints, String prefix, Duration probeInterval, Duration leaseTtl) {
  /** Default connection check interval. */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(2);
  /** Default registration lease TTL: a crashed replica disappears after this. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);

  /** Parses {@code target}; every failure quotes it. */
  public static EtcdTarget parse(DiscoveryTarget target) {
    target.requireOnlyParams("probeInterval", "leaseTtl");
    String hosts = target.authority();
    if (hosts == null || hosts.isBlank()) {
      throw new IllegalArgumentException("etcd target \"" + target.raw()
          + "\" names no server (expected etcd://host:port/services/name)");
    }
    List<String> urls = new ArrayList<>();
    for (String host : hosts.split(",")) {
      int colon = host.lastIndexOf(':');
      if (colon <= 0 || colon == host.length() - 1 || !host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("missing or bad port in etcd server \"" + host + "\" of target \""
            + target.raw() + "\" (expected host:port)");
      }
      urls.add("http://" + host);
    }
    String path = target.name();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("etcd target \"" + target.raw()
          + "\" names no service prefix (expected etcd://host:port/services/name)");
    }
    Duration probe = target.durationParam("probeInterval", DEFAULT_PROBE_INTERVAL);
    Duration ttl = target.durationParam("leaseTtl", DEFAULT_LEASE_TTL);
    if (probe.isZero()) {
      throw new IllegalArgumentException("probeInterval must be > 0 in etcd target \"" + target.raw() + "\"");
    }
    if (ttl.toSeconds() < 1) {
      throw new IllegalArgumentException("leaseTtl must be >= 1s in etcd target \"" + target.raw() + "\"");
    }
    return new EtcdTarget(target.raw(), List.copyOf(urls), path + "/", probe, ttl);
  }
}
