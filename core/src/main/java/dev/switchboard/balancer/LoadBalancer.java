package dev.switchboard.balancer;

import dev.switchboard.endpoint.EndpointSet;

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

  /** Stops timers (health checks, slow start ramps). Never throws. */
  @Override
  void close();
}
