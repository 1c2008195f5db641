package dev.switchboard.discovery;

import dev.switchboard.endpoint.EndpointSet;

/**
 * Receives endpoint updates from an {@link EndpointSource}. Callbacks for one subscription are
 * never concurrent, but may come from any thread; they must not block.
 */
public interface EndpointListener {
  /** A new endpoint set (possibly empty: an empty registry is a real state, not "no change"). */
  void onUpdate(EndpointSet endpoints);

  /** Resolution failed; the source keeps its last known good set and retries with backoff. */
  default void onError(Throwable error) {}
}
