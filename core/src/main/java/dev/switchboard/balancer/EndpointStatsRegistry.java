package dev.switchboard.balancer;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One destination's {@link EndpointStats}, keyed by address so statistics survive discovery
 * updates that change only weights or metadata. Thread-safe; lookups are lock-free.
 */
public final class EndpointStatsRegistry {
  private final ConcurrentHashMap<String, EndpointStats> stats = new ConcurrentHashMap<>();

  /** The stats of {@code endpoint}, created on first use. */
  public EndpointStats of(Endpoint endpoint) {
    String address = endpoint.address();
    EndpointStats s = stats.get(address);
    return s != null ? s : stats.computeIfAbsent(address, EndpointStats::new);
  }

  /** Drops statistics of endpoints no longer in {@code current}. */
  public void retain(EndpointSet current) {
    Set<String> keep = new HashSet<>();
    for (Endpoint e : current.endpoints()) {
      keep.add(e.address());
    }
    stats.keySet().retainAll(keep);
  }

  /** Number of endpoints tracked. */
  public int size() {
    return stats.size();
  }
}
