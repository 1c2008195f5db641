package dev.switchboard.endpoint;

import java.util.Map;
import java.util.Objects;

/**
 * One replica of a service: host, port, weight, priority, zone and metadata. Immutable and
 * thread-safe.
 *
 * <p>Identity for balancing and statistics is the {@linkplain #address() address}
 * ({@code host:port}); weight, priority, zone and metadata are attributes that may change between
 * discovery updates without the endpoint losing its statistics. {@link #equals} compares every
 * field.
 *
 * <p><b>Weight</b> is the endpoint's share of traffic among the endpoints of its priority level.
 * <b>Priority</b> is a failover order, as in RFC 2782 SRV records and Envoy's priority levels: 0 is
 * the most preferred, and balancers send traffic to the lowest-numbered level that has a usable
 * endpoint, moving to the next level only when none of the lower one is usable (see
 * {@link dev.switchboard.balancer.LoadBalancerPolicies}). Most registries know no priority, so
 * every endpoint is in level {@value #DEFAULT_PRIORITY} and the concept costs nothing.
 *
 * <p>A value class rather than a record only so the address and hash are computed once: they are
 * read on every call's hot path.
 */
public final class Endpoint {
  /** Default weight when the registry gives none. */
  public static final int DEFAULT_WEIGHT = 1;
  /** Default priority: the most preferred level. */
  public static final int DEFAULT_PRIORITY = 0;

  private final String host;
  private final int port;
  private final int weight;
  private final int priority;
  private final String zone;
  private final Map<String, String> metadata;
  private final String address;
  private final int hash;

  /**
   * @param host a host name or IP literal (IPv6 without brackets)
   * @param port 1..65535
   * @param weight relative weight, at least 1
   * @param zone locality zone, or the empty string when unknown
   * @param metadata free-form string metadata from the registry
   */
  public Endpoint(String host, int port, int weight, String zone, Map<String, String> metadata) {
    this(host, port, weight, DEFAULT_PRIORITY, zone, metadata);
  }

  /**
   * @param host a host name or IP literal (IPv6 without brackets)
   * @param port 1..65535
   * @param weight relative weight within its priority level, at least 1
   * @param priority failover level, at least 0; lower is preferred
   * @param zone locality zone, or the empty string when unknown
   * @param metadata free-form string metadata from the registry
   */
  public Endpoint(String host, int port, int weight, int priority, String zone, Map<String, String> metadata) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(metadata, "metadata");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port + " (host " + host + ")");
    }
    if (weight < 1) {
      throw new IllegalArgumentException("weight must be >= 1: " + weight + " (" + host + ":" + port + ")");
    }
    if (priority < 0) {
      throw new IllegalArgumentException("priority must be >= 0: " + priority + " (" + host + ":" + port + ")");
    }
    this.host = host;
    this.port = port;
    this.weight = weight;
    this.priority = priority;
    this.zone = zone;
    this.metadata = Map.copyOf(metadata);
    this.address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    this.hash = Objects.hash(host, port, weight, priority, zone, this.metadata);
  }

  /** An endpoint with default weight, no zone and no metadata. */
  public static Endpoint of(String host, int port) {
    return new Endpoint(host, port, DEFAULT_WEIGHT, "", Map.of());
  }

  /** The host name or IP literal (IPv6 without brackets). */
  public String host() {
    return host;
  }

  /** The port, 1..65535. */
  public int port() {
    return port;
  }

  /** The relative weight, at least 1. */
  public int weight() {
    return weight;
  }

  /** The failover level, at least 0; 0 is the most preferred. */
  public int priority() {
    return priority;
  }

  /** The locality zone, or the empty string. */
  public String zone() {
    return zone;
  }

  /** Registry metadata, immutable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** A copy with another weight. */
  public Endpoint withWeight(int weight) {
    return new Endpoint(host, port, weight, priority, zone, metadata);
  }

  /** A copy with another priority. */
  public Endpoint withPriority(int priority) {
    return new Endpoint(host, port, weight, priority, zone, metadata);
  }

  /** A copy with another zone. */
  public Endpoint withZone(String zone) {
    return new Endpoint(host, port, weight, priority, zone, metadata);
  }

  /** {@code host:port}, with IPv6 literals in brackets. Computed once. */
  public String address() {
    return address;
  }

  /** True if {@code other} has the same host and port (the identity used for statistics). */
  public boolean sameAddress(Endpoint other) {
    return other != null && port == other.port && host.equals(other.host);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Endpoint e
        && hash == e.hash && port == e.port && weight == e.weight && priority == e.priority && host.equals(e.host)
        && zone.equals(e.zone) && metadata.equals(e.metadata);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return address;
  }
}
