package dev.switchboard.discovery;

import dev.switchboard.endpoint.Endpoint;

/**
 * One endpoint registered by a {@link Registrar}. Closing it deregisters the endpoint (deletes
 * the node, revokes the lease) and stops any keep-alive. Thread-safe; {@link #close()} is
 * idempotent and never throws.
 *
 * <pre>{@code
 * try (Registration r = Discovery.register("etcd://127.0.0.1:2379/services/users",
 *     Endpoint.of("127.0.0.1", server.port()))) {
 *   server.awaitShutdown();
 * } // deregistered here
 * }</pre>
 */
public interface Registration extends AutoCloseable {
  /** The target registered under. */
  String target();

  /** The endpoint registered. */
  Endpoint endpoint();

  /**
   * True while the registry is believed to hold the entry. It turns false when a session or lease
   * is lost, until the registrar has written the entry again.
   */
  boolean isRegistered();

  /** Deregisters; idempotent; never throws (failures are logged: a lease or session ends anyway). */
  @Override
  void close();
}
