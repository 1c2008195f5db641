package dev.switchboard.discovery.etcd.internal;

import dev.switchboard.discovery.SharedClients;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;

/**
 * One jetcd {@link Client} per etcd cluster, shared by every source and registration in the
 * process and closed when the last one lets go. Thread-safe.
 */
public final class EtcdClients {
  private static final SharedClients<List<String>, Client> SHARED =
      new SharedClients<>(EtcdClients::open, Client::close);

  private EtcdClients() {}

  /** A lease on the shared client for {@code endpoints}; close it when done. */
  public static SharedClients.Lease<Client> acquire(List<String> endpoints) {
    return SHARED.acquire(List.copyOf(endpoints));
  }

  private static Client open(List<String> endpoints) {
    return Client.builder()
        .endpoints(endpoints.toArray(new String[0]))
        .connectTimeout(Duration.ofSeconds(2))
        // fail fast while etcd is down: the source keeps its set and retries on its own schedule
        .waitForReady(false)
        .retryMaxDuration(Duration.ofSeconds(2))
        .build();
  }
}
