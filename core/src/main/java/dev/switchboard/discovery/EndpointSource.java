package dev.switchboard.discovery;

import dev.switchboard.endpoint.EndpointSet;
import java.time.Duration;
import java.util.Optional;

/**
 * A live view of one target's endpoints. It pushes immutable {@link EndpointSet} snapshots to
 * subscribers; on error it keeps the last known good set, reports the error and retries with
 * backoff. Thread-safe. Closing stops all background work and watches.
 */
public interface EndpointSource extends AutoCloseable {
  /** The target this source resolves. */
  DiscoveryTarget target();

  /**
   * Subscribes {@code listener}. If a set is already known it is delivered at once, on the
   * calling thread. Close the returned handle to unsubscribe.
   */
  AutoCloseable subscribe(EndpointListener listener);

  /** The last known good set, if any resolution has succeeded. */
  Optional<EndpointSet> current();

  /**
   * Blocks until the first resolution succeeds or {@code timeout} passes.
   *
   * @throws dev.switchboard.errors.RejectedCallException with {@code NO_ENDPOINTS} naming the
   *     target and the last error when nothing arrives in time
   */
  EndpointSet awaitInitial(Duration timeout);

  /** Stops watching; never throws. */
  @Override
  void close();
}
