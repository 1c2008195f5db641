package dev.switchboard.discovery;

/**
 * Opens {@link EndpointSource}s for one URI scheme ({@code static}, {@code mem}, {@code dns},
 * {@code dns+srv}, {@code zk}, {@code etcd}, ...). Providers are found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.switchboard.discovery.DiscoveryProvider});
 * when several serve a scheme, the available one with the highest {@link #priority()} wins.
 *
 * <p>Implementations must be thread-safe and cheap to construct.
 */
public interface DiscoveryProvider {
  /** The URI scheme served, lowercase, e.g. {@code "dns+srv"}. */
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
   * Opens a source for {@code target}. Validation happens here: a malformed target fails with an
   * {@link IllegalArgumentException} that quotes the value. Resolution itself is asynchronous.
   */
  EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment);
}
