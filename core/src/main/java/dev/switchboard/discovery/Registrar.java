package dev.switchboard.discovery;

import dev.switchboard.endpoint.Endpoint;

/**
 * Registers the running service in a registry, so that the matching {@link DiscoveryProvider}
 * finds it: the other half of discovery. Registrars are found by URI scheme through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.switchboard.discovery.Registrar});
 * use {@link Discovery#register(String, Endpoint)} rather than calling one directly.
 *
 * <p>The target has the same form as for discovery: what a registrar writes under
 * {@code zk://127.0.0.1:2181/services/users} is what {@code Discovery.open} of that target finds.
 *
 * <p>Implementations must be thread-safe and cheap to construct.
 */
public interface Registrar {
  /** The URI scheme served, lowercase, e.g. {@code "zk"}. */
  String scheme();

  /** 0..10; higher wins. Built-ins use 5. */
  default int priority() {
    return 5;
  }

  /** False when a runtime dependency is missing. */
  default boolean isAvailable() {
    return true;
  }

  /**
   * Registers {@code self} under {@code target} and keeps it registered (session, lease or
   * heartbeat) until the returned registration is closed.
   *
   * <p>Validation is synchronous: a malformed target fails with an {@link IllegalArgumentException}
   * quoting the value. The first write is attempted before this method returns; if the registry is
   * unreachable the registration keeps retrying with backoff in the background and reports errors
   * through {@link dev.switchboard.telemetry.TelemetryListener#onDiscoveryError}.
   */
  Registration register(DiscoveryTarget target, Endpoint self, DiscoveryEnvironment environment);
}
