package dev.switchboard.discovery.etcd.internal;

import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One jetcd {@link Client} per etcd cluster, shared by every source and registration in the
 * process and closed when the last one lets go. Thread-safe.
 */
public final class EtcdClients {
  private static final Map<List<String>, Shared> clients = new HashMap<>(); // guarded by the class

  private EtcdClients() {}

  /** A handle on the shared client for {@code endpoints}; close it when done. */
  public static synchronized Handle acquire(List<String> endpoints) {
    Shared s = clients.get(endpoints);
    if (s == null) {
      Client client = Client.builder()
          .endpoints(endpoints.toArray(new String[0]))
          .connectTimeout(Duration.ofSeconds(2))
          // fail fast while etcd is down: the source keeps its set and retries on its own schedule
          .waitForReady(false)
          .retryMaxDuration(Duration.ofSeconds(2))
          .build();
      s = new Shared(endpoints, client);
      clients.put(endpoints, s);
    }
    s.users++;
    return new Handle(s);
  }

  private static synchronized void release(Shared s) {
    if (--s.users == 0) {
      clients.remove(s.key);
      s.client.close();
    }
  }

  private static final class Shared {
    final List<String> key;
    final Client client;
    int users; // guarded by EtcdClients.class

    Shared(List<String> key, Client client) {
      this.key = key;
      this.client = client;
    }
  }

  /** One user's reference to a shared client. */
  public static final class Handle implements AutoCloseable {
    private final Shared shared;
    private boolean closed;

    private Handle(Shared shared) {
      this.shared = shared;
    }

    /** The client. */
    public Client client() {
      return shared.client;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        release(shared);
      }
    }
  }
}
