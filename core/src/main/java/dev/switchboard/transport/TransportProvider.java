package dev.switchboard.transport;

/**
 * Names a {@link TransportFactory} so that configuration text can choose it
 * ({@code switchboard.clients.users.transport=jdk}) without core depending on the module that
 * implements it. A protocol module lists its providers in
 * {@code META-INF/services/dev.switchboard.transport.TransportProvider}; {@link TransportProviders}
 * finds them with {@link java.util.ServiceLoader}, the way grpc-java finds its
 * {@code NameResolverProvider}s.
 *
 * <p>Implementations need a public no-argument constructor (ServiceLoader's rule), must be
 * thread-safe and cheap to create, and must not load optional dependencies before
 * {@link #isAvailable()} says they are present.
 */
public interface TransportProvider {
  /** The name configuration uses, lower case, e.g. {@code apache} or {@code jdk}; unique on a class path. */
  String name();

  /**
   * False when the transport's own dependencies are missing from the class path (e.g. a build that
   * excluded {@code httpclient5}); such a provider is not offered. True by default.
   */
  default boolean isAvailable() {
    return true;
  }

  /** The factory; only called when {@link #isAvailable()}. */
  TransportFactory factory();
}
