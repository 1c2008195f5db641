package dev.switchboard.discovery.zookeeper.internal;

import java.util.HashMap;
import java.util.Map;
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
  private static final Map<String, Shared> clients = new HashMap<>(); // guarded by the class

  private CuratorClients() {}

  /** A handle on the shared client for {@code target}; close it when done. */
  public static synchronized Handle acquire(ZkTarget target) {
    String key = target.connectString() + "|" + target.sessionTimeout().toMillis() + "|"
        + target.connectionTimeout().toMillis();
    Shared s = clients.get(key);
    if (s == null) {
      CuratorFramework client = CuratorFrameworkFactory.builder()
          .connectString(target.connectString())
          .sessionTimeoutMs((int) target.sessionTimeout().toMillis())
          .connectionTimeoutMs((int) target.connectionTimeout().toMillis())
          // operation retries only; reconnection itself is continuous
          .retryPolicy(new ExponentialBackoffRetry(100, 3, 1_000))
          .build();
      client.start();
      s = new Shared(key, client);
      clients.put(key, s);
    }
    s.users++;
    return new Handle(s);
  }

  private static synchronized void release(Shared s) {
    if (--s.users == 0) {
      clients.remove(s.key);
      CloseableUtils.closeQuietly(s.client);
    }
  }

  private static final class Shared {
    final String key;
    final CuratorFramework client;
    int users; // guarded by CuratorClients.class

    Shared(String key, CuratorFramework client) {
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

    /** The started client. */
    public CuratorFramework client() {
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
