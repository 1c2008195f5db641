package dev.switchboard.discovery.zookeeper;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.testing.discovery.EndpointSourceContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.curator.utils.CloseableUtils;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The EndpointSource contract for {@code zk:}, with instances registered by Curator's own
 * {@link ServiceDiscovery} (as a service that already uses Curator would).
 */
class ZkEndpointSourceTest extends EndpointSourceContract {
  private static final AtomicInteger services = new AtomicInteger();
  private static TestingServer server;
  private static CuratorFramework curator;
  private static ServiceDiscovery<Map> curatorDiscovery;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    server = LoopbackZooKeeper.start();
    curator = LoopbackZooKeeper.client(server);
    curatorDiscovery = ServiceDiscoveryBuilder.builder(Map.class).client(curator).basePath("/services").build();
    curatorDiscovery.start();
  }

  @AfterAll
  static void stopZooKeeper() {
    CloseableUtils.closeQuietly(curatorDiscovery);
    CloseableUtils.closeQuietly(curator);
    CloseableUtils.closeQuietly(server);
  }

  @Override
  protected Fixture newFixture(List<Endpoint> initial) throws Exception {
    String service = "contract-" + services.incrementAndGet();
    List<ServiceInstance<Map>> registered = new ArrayList<>();
    Fixture f = new Fixture() {
      @Override
      public String target() {
        return "zk://" + server.getConnectString() + "/services/" + service;
      }

      @Override
      public void set(List<Endpoint> endpoints) throws Exception {
        for (ServiceInstance<Map> i : registered) {
          curatorDiscovery.unregisterService(i);
        }
        registered.clear();
        for (Endpoint e : endpoints) {
          ServiceInstance<Map> i = ServiceInstance.<Map>builder().name(service).address(e.host()).port(e.port()).build();
          curatorDiscovery.registerService(i);
          registered.add(i);
        }
      }

      @Override
      public void breakRegistry() throws Exception {
        server.stop();
      }

      @Override
      public void repairRegistry() throws Exception {
        server.restart();
      }

      @Override
      public void close() throws Exception {
        set(List.of());
      }
    };
    f.set(initial);
    return f;
  }
}
