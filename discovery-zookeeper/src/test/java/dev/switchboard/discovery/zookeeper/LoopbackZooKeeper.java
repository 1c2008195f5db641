package dev.switchboard.discovery.zookeeper;

import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** curator-test's in-process ZooKeeper, bound to 127.0.0.1 only, and clients for it. */
final class LoopbackZooKeeper {
  private LoopbackZooKeeper() {}

  /** A started server on 127.0.0.1 and a free port; data in a temp dir deleted on close. */
  static TestingServer start() throws Exception {
    InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
        Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1");
    return new TestingServer(spec, true);
  }

  /** A started Curator client, as a service using Curator directly would have. */
  static CuratorFramework client(TestingServer server) {
    CuratorFramework c = CuratorFrameworkFactory.builder()
        .connectString(server.getConnectString())
        .sessionTimeoutMs(60_000)
        .connectionTimeoutMs(15_000)
        .retryPolicy(new ExponentialBackoffRetry(100, 10, 1_000))
        .build();
    c.start();
    return c;
  }
}
