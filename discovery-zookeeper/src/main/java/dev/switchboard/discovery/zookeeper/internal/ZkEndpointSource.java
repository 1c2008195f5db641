package dev.switchboard.discovery.zookeeper.internal;

import dev.switchboard.discovery.SharedClients;
import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.io.IOException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;

/**
 * Watches the instance nodes under {@code basePath/service} with a {@link CuratorCache} (one
 * persistent recursive watch, resynced by Curator after a reconnection) and publishes them as one
 * set.
 *
 * <p>Node events are applied to a map and a publish is queued on the scheduler; events arriving
 * before it runs are coalesced into the same publish, so registering thousands of instances does
 * not rebuild the set thousands of times. Nothing is published until the cache's initial load is
 * complete. A suspended or lost connection is reported as an error while the last set stays.
 *
 * <p><b>Threading:</b> Curator delivers cache and connection events on its own threads; the map
 * is concurrent and publishing is serialized by the base class.
 */
public final class ZkEndpointSource extends AbstractEndpointSource {
  private final ZkTarget zk;
  private final SharedClients.Lease<org.apache.curator.framework.CuratorFramework> client;
  private final CuratorCache cache;
  private final ConcurrentSkipListMap<String, Endpoint> byNode = new ConcurrentSkipListMap<>();
  private final AtomicBoolean publishQueued = new AtomicBoolean();
  private final ConnectionStateListener connectionListener = this::onConnectionState;
  private volatile boolean initialized;

  /** Opens and starts watching. */
  public ZkEndpointSource(DiscoveryTarget target, DiscoveryEnvironment environment, ZkTarget zk) {
    super(target, environment);
    this.zk = zk;
    this.client = CuratorClients.acquire(zk);
    this.cache = CuratorCache.build(client.client(), zk.servicePath());
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forCreates(this::onUpsert)
        .forChanges((before, after) -> onUpsert(after))
        .forDeletes(this::onDelete)
        .forInitialized(() -> {
          initialized = true;
          queuePublish();
        })
        .build());
    client.client().getConnectionStateListenable().addListener(connectionListener);
    cache.start();
  }

  private boolean isInstance(ChildData node) {
    return ZKPaths.getPathAndNode(node.getPath()).getPath().equals(zk.servicePath());
  }

  private void onUpsert(ChildData node) {
    if (!isInstance(node)) {
      return;
    }
    try {
      Endpoint e = ServiceInstanceJson.parse(node.getData() == null ? new byte[0] : node.getData());
      if (e == null) {
        byNode.remove(node.getPath()); // disabled in Curator's registry: not a candidate
      } else {
        byNode.put(node.getPath(), e);
      }
    } catch (ServiceInstanceJson.BadInstanceException bad) {
      byNode.remove(node.getPath());
      warnSkipped(node.getPath(), bad.getMessage());
    }
    queuePublish();
  }

  private void onDelete(ChildData node) {
    if (isInstance(node) && byNode.remove(node.getPath()) != null) {
      queuePublish();
    }
  }

  private void onConnectionState(org.apache.curator.framework.CuratorFramework c, ConnectionState state) {
    switch (state) {
      case SUSPENDED, LOST -> publishError(new IOException("ZooKeeper connection to " + zk.connectString()
          + " " + state.name().toLowerCase() + "; keeping the last known endpoints of " + zk.servicePath()));
      case RECONNECTED -> queuePublish(); // clears the error; the cache resyncs and sends any changes
      default -> { }
    }
  }

  private void queuePublish() {
    if (initialized && !isClosed() && publishQueued.compareAndSet(false, true)) {
      environment.scheduler().execute(() -> {
        publishQueued.set(false);
        publish(EndpointSet.of(byNode.values()));
      });
    }
  }

  @Override
  protected void doClose() {
    client.client().getConnectionStateListenable().removeListener(connectionListener);
    cache.close();
    client.close();
  }
}
