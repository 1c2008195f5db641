package dev.switchboard.discovery.eureka.internal;

import dev.switchboard.discovery.DiscoveryTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code eureka://host:port[,host:port...]/APP[?params]} target. The servers are tried in
 * order and the first that answers is kept until it fails (Eureka servers replicate to each other,
 * so any one of them has the registry). Immutable.
 *
 * @param raw the target as given
 * @param servers base URLs of the servers' REST API, e.g. {@code http://10.0.0.5:8761/eureka}
 * @param app the application name, upper case as Eureka stores it
 * @param refreshInterval how often the registry is fetched (a delta, or in full when the delta
 *     does not reconcile)
 * @param timeout per-request timeout
 * @param renewInterval how often a registration renews its lease (Eureka's heartbeat)
 * @param leaseDuration how long Eureka keeps a registration without a renewal
 * @param useIpAddress publish an instance's {@code ipAddr} rather than its {@code hostName}
 */
public record EurekaTarget(String raw, List<URI> servers, String app, Duration refreshInterval, Duration timeout,
    Duration renewInterval, Duration leaseDuration, boolean useIpAddress) {
  /** Default registry fetch interval (Netflix's client uses 30 s; Switchboard's other sources react in seconds). */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);
  /** Default per-request timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** Default heartbeat interval: Eureka's own default. */
  public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofSeconds(30);
  /** Default lease duration: Eureka's own default, three missed heartbeats. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(90);
  /** Default REST API path on the server: Spring Cloud Netflix's. */
  public static final String DEFAULT_PATH = "/eureka";

  /** Parses {@code target}; every failure quotes it. */
  public static EurekaTarget parse(DiscoveryTarget target) {
    target.requireOnlyParams("refreshInterval", "timeout", "renewInterval", "leaseDuration", "path", "tls",
        "useIpAddress");
    String hosts = target.authority();
    if (hosts == null || hosts.isBlank()) {
      throw new IllegalArgumentException("eureka target \"" + target.raw()
          + "\" names no server (expected eureka://host:port/APP)");
    }
    boolean tls = bool(target, "tls");
    String path = target.param("path").orElse(DEFAULT_PATH).trim();
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    List<URI> servers = new ArrayList<>();
    for (String host : hosts.split(",")) {
      int colon = host.lastIndexOf(':');
      if (colon <= 0 || colon == host.length() - 1 || !host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("missing or bad port in eureka server \"" + host + "\" of target \""
            + target.raw() + "\" (expected host:port)");
      }
      try {
        servers.add(URI.create((tls ? "https://" : "http://") + host + path));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad eureka server \"" + host + "\" in target \"" + target.raw() + "\"", e);
      }
    }
    String app = target.name().trim();
    while (app.startsWith("/")) {
      app = app.substring(1);
    }
    if (app.isEmpty() || app.contains("/") || !app.chars().allMatch(c -> c > ' ' && c != '?' && c != '#' && c < 127)) {
      throw new IllegalArgumentException("eureka target \"" + target.raw()
          + "\" must name one application, e.g. eureka://127.0.0.1:8761/USERS");
    }
    Duration refresh = positive(target, "refreshInterval", DEFAULT_REFRESH_INTERVAL);
    Duration timeout = positive(target, "timeout", DEFAULT_TIMEOUT);
    Duration renew = positive(target, "renewInterval", DEFAULT_RENEW_INTERVAL);
    Duration lease = positive(target, "leaseDuration", DEFAULT_LEASE_DURATION);
    if (renew.toSeconds() < 1 || lease.toSeconds() < 1) {
      throw new IllegalArgumentException("renewInterval and leaseDuration must be >= 1s in eureka target \""
          + target.raw() + "\" (Eureka counts them in seconds)");
    }
    if (lease.compareTo(renew) <= 0) {
      throw new IllegalArgumentException("leaseDuration (" + lease + ") must be longer than renewInterval ("
          + renew + ") in eureka target \"" + target.raw() + "\"");
    }
    return new EurekaTarget(target.raw(), List.copyOf(servers), app.toUpperCase(Locale.ROOT), refresh, timeout,
        renew, lease, bool(target, "useIpAddress"));
  }

  /** What sources of this target share: one registry cache per server list, interval and timeout. */
  public RegistryKey registryKey() {
    return new RegistryKey(servers, refreshInterval, timeout);
  }

  /**
   * The identity of a shared registry cache.
   *
   * @param servers the servers' base URLs
   * @param refreshInterval the fetch interval
   * @param timeout the per-request timeout
   */
  public record RegistryKey(List<URI> servers, Duration refreshInterval, Duration timeout) {}

  private static Duration positive(DiscoveryTarget target, String name, Duration fallback) {
    Duration d = target.durationParam(name, fallback);
    if (d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0 in eureka target \"" + target.raw() + "\"");
    }
    return d;
  }

  private static boolean bool(DiscoveryTarget target, String name) {
    String v = target.param(name).orElse("false").trim();
    if (v.equalsIgnoreCase("true") || v.isEmpty()) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("parameter " + name + "=\"" + v + "\" in eureka target \"" + target.raw()
        + "\" is not true or false");
  }
}
