package dev.switchboard.discovery.zookeeper.internal;

import dev.switchboard.discovery.SharedClients;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.CloseableUtils;

/**
 * One started {@link CuratorFramework} per ensemble and timeouts, shared by every source and
 * registration in the process and closed when the last one lets go: each client is a ZooKeeper
 * session, and a session per watched service would multiply server load. Thread-safe.
 */
public final class CuratorClients {
  private static final SharedClients<Key, CuratorFramework> SHARED =
      new SharedClients<>(CuratorClients::open, CloseableUtils::closeQuietly);

  private CuratorClients() {}

  private record Key(String connectString, long sessionTimeoutMs, long connectionTimeoutMs) {}

  /** A lease on the shared, started client for {@code target}; close it when done. */
  public static SharedClients.Lease<CuratorFramework> acquire(ZkTarget target) {
    return SHARED.acquire(new Key(target.connectString(), target.sessionTimeout().toMillis(),
        target.connectionTimeout().toMillis()));
  }

  private static CuratorFramework open(Key key) {
    CuratorFramework client = CuratorFrameworkFactory.builder()
        .connectString(key.connectString())
        .sessionTimeoutMs((int) key.sessionTimeoutMs())
        .connectionTimeoutMs((int) key.connectionTimeoutMs())
        // operation retries only; reconnection itself is continuous
        .retryPolicy(new ExponentialBackoffRetry(100, 3, 1_000))
        .build();
    client.start();
    return client;
  }
}
