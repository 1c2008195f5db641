package dev.switchboard.endpoint;

import java.util.Map;
import java.util.Objects;

/**
 * One replica of a service: host, port, weight, zone and metadata. Immutable and thread-safe.
 *
 * <p>Identity for balancing and statistics is the {@linkplain #address() address}
 * ({@code host:port}); weight, zone and metadata are attributes that may change between discovery
 * updates without the endpoint losing its statistics.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port 1..65535
 * @param weight relative weight, at least 1
 * @param zone locality zone, or the empty string when unknown
 * @param metadata free-form string metadata from the registry
 */
public record Endpoint(String host, int port, int weight, String zone, Map<String, String> metadata) {
  /** Default weight when the registry gives none. */
  public static final int DEFAULT_WEIGHT = 1;

  public Endpoint {
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
    metadata = Map.copyOf(metadata);
  }

  /** An endpoint with default weight, no zone and no metadata. */
  public static Endpoint of(String host, int port) {
    return new Endpoint(host, port, DEFAULT_WEIGHT, "", Map.of());
  }

  /** A copy with another weight. */
  public Endpoint withWeight(int weight) {
    return new Endpoint(host, port, weight, zone, metadata);
  }

  /** A copy with another zone. */
  public Endpoint withZone(String zone) {
    return new Endpoint(host, port, weight, zone, metadata);
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return address();
  }
}
