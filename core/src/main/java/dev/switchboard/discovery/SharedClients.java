package dev.switchboard.discovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Registry clients shared per key (a cluster, an ensemble) by every source and registration in
 * the process, opened on first use and closed when the last user lets go: each client is a
 * session or a connection pool on the registry, and one per watched service would multiply the
 * registry's load. For provider modules. Thread-safe; acquire and release take one lock, never
 * the hot path.
 *
 * @param <K> the key, with value equality
 * @param <C> the client
 */
public final class SharedClients<K, C> {
  private final Function<K, C> open;
  private final Consumer<C> close;
  private final Map<K, Shared<K, C>> clients = new HashMap<>(); // guarded by this

  /**
   * @param open creates (and starts) the client for a key
   * @param close closes a client; must not throw
   */
  public SharedClients(Function<K, C> open, Consumer<C> close) {
    this.open = Objects.requireNonNull(open, "open");
    this.close = Objects.requireNonNull(close, "close");
  }

  /** A lease on the shared client for {@code key}; close it when done. */
  public synchronized Lease<C> acquire(K key) {
    Objects.requireNonNull(key, "key");
    Shared<K, C> s = clients.get(key);
    if (s == null) {
      s = new Shared<>(key, open.apply(key));
      clients.put(key, s);
    }
    s.users++;
    return new Lease<>(this, s);
  }

  private synchronized void release(Shared<K, C> s) {
    if (--s.users == 0) {
      clients.remove(s.key);
      close.accept(s.client);
    }
  }

  private static final class Shared<K, C> {
    final K key;
    final C client;
    int users; // guarded by the owning SharedClients

    Shared(K key, C client) {
      this.key = key;
      this.client = client;
    }
  }

  /** One user's reference to a shared client. Closing it twice is harmless. */
  public static final class Lease<C> implements AutoCloseable {
    private final SharedClients<?, C> owner;
    private final Shared<?, C> shared;
    private boolean closed;

    private <K> Lease(SharedClients<K, C> owner, Shared<K, C> shared) {
      this.owner = owner;
      this.shared = shared;
    }

    /** The client. */
    public C client() {
      return shared.client;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      ((SharedClients) owner).release(shared);
    }
  }
}
