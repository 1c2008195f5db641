package dev.switchboard.balancer;

import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.telemetry.EndpointState;
import java.util.List;

/**
 * The control half of a balancer. It receives endpoint updates and publishes an immutable
 * {@link Picker}. Updates are delivered by one thread at a time (discovery or the balancer's own
 * timers, serialized by the caller); {@link #picker()} may be read from any thread.
 */
public interface LoadBalancer extends AutoCloseable {
  /** New endpoints from discovery. Rebuilds and publishes the picker. */
  void update(EndpointSet endpoints);

  /** The current picker. Never null; volatile read. */
  Picker picker();

  /**
   * For introspection: each endpoint of the last update with its health (active checks,
   * ejection) and statistics, in update order. Control side: may take the balancer's lock briefly;
   * never called per request. The default returns an empty list, meaning "not tracked": the
   * caller then reports each discovered endpoint from its statistics alone, as healthy.
   */
  default List<EndpointState> endpointStates() {
    return List.of();
  }

  /** Stops timers (health checks, slow start ramps). Never throws. */
  @Override
  void close();
}
