package dev.switchboard.discovery.zookeeper.internal;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.CloseableUtils;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint registered through Curator's own {@link ServiceDiscovery}, so the node is exactly
 * what Curator users write: an ephemeral {@code basePath/service/<uuid>} holding
 * {@code ServiceInstance} JSON with a map payload ({@code weight}, {@code zone}, metadata).
 *
 * <p>Each registration has its own ZooKeeper session: closing it ends the session, so the node
 * disappears even if the final delete cannot reach the server. Curator re-registers after a
 * reconnection, including after session loss. If the first write fails (server down), it is
 * retried with backoff on a background thread and the error reported through telemetry.
 *
 * <p>Thread-safe.
 */
public final class ZkRegistration implements Registration {
  private static final Logger log = LoggerFactory.getLogger(ZkRegistration.class);
  /** Registration writes block on ZooKeeper; keep them off the shared scheduler. */
  private static final ExecutorService WRITER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "switchboard-zk-registrar");
    t.setDaemon(true);
    return t;
  });

  private final String target;
  private final ZkTarget zk;
  private final Endpoint self;
  private final DiscoveryEnvironment environment;
  private final CuratorFramework client;
  private final ServiceDiscovery<Map> discovery;
  private final ServiceInstance<Map> instance;
  private volatile boolean registered;
  private volatile boolean closed;
  private volatile Timer.Timeout retry;
  private int failures; // only touched by the first attempt, then by WRITER

  @SuppressWarnings({"rawtypes", "unchecked"})
  public ZkRegistration(String target, ZkTarget zk, Endpoint self, DiscoveryEnvironment environment) {
    this.target = target;
    this.zk = zk;
    this.self = self;
    this.environment = environment;
    this.client = CuratorFrameworkFactory.builder()
        .connectString(zk.connectString())
        .sessionTimeoutMs((int) zk.sessionTimeout().toMillis())
        .connectionTimeoutMs((int) zk.connectionTimeout().toMillis())
        .retryPolicy(new ExponentialBackoffRetry(100, 3, 1_000))
        .build();
    try {
      this.instance = ServiceInstance.<Map>builder()
          .name(zk.service())
          .id(UUID.randomUUID().toString())
          .address(self.host())
          .port(self.port())
          .payload((Map) ServiceInstanceJson.payload(self))
          .build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a Curator ServiceInstance for " + self, e);
    }
    this.discovery = ServiceDiscoveryBuilder.builder(Map.class)
        .client(client)
        .basePath(zk.basePath())
        .serializer(new JsonInstanceSerializer<>(Map.class))
        .build();
    client.getConnectionStateListenable().addListener((c, state) -> {
      if (state == ConnectionState.LOST) {
        registered = false;
      } else if (state == ConnectionState.RECONNECTED && !closed && retry == null) {
        registered = true; // Curator re-registers its services on reconnection
      }
    });
  }

  /** Connects and writes the node; on failure keeps retrying in the background. */
  public ZkRegistration start() {
    client.start();
    attempt();
    return this;
  }

  private void attempt() {
    if (closed) {
      return;
    }
    try {
      if (!client.blockUntilConnected((int) zk.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("no ZooKeeper connection to " + zk.connectString() + " within "
            + zk.connectionTimeout().toMillis() + " ms");
      }
      discovery.start();
      discovery.registerService(instance);
      retry = null;
      registered = true;
      failures = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      failures++;
      Duration delay = backoff(failures);
      log.warn("registering {} under {} failed; retrying in {} ms", self, target, delay.toMillis(), e);
      environment.telemetry().onDiscoveryError(target, e);
      retry = environment.timer().schedule(() -> WRITER.execute(this::attempt), delay.toNanos(),
          TimeUnit.NANOSECONDS);
    }
  }

  private Duration backoff(int n) {
    long d = environment.minRetryBackoff().toNanos() << Math.min(n - 1, 20);
    return Duration.ofNanos(Math.min(d, environment.maxRetryBackoff().toNanos()));
  }

  /** The Curator instance id of the node. */
  public String instanceId() {
    return instance.getId();
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public Endpoint endpoint() {
    return self;
  }

  @Override
  public boolean isRegistered() {
    return registered && !closed;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    registered = false;
    Timer.Timeout r = retry;
    if (r != null) {
      r.cancel();
    }
    try {
      discovery.unregisterService(instance);
    } catch (Exception e) {
      log.debug("unregistering {} failed; closing the session removes the node", self, e);
    }
    CloseableUtils.closeQuietly(discovery);
    CloseableUtils.closeQuietly(client);
  }

  @Override
  public String toString() {
    return "ZkRegistration[" + self + " at " + zk.servicePath() + "/" + instance.getId() + "]";
  }
}
