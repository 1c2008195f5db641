package dev.switchboard.discovery.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.balancer.PickContext;
import dev.switchboard.client.Destination;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.curator.utils.CloseableUtils;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** zk: against curator-test's in-process ZooKeeper on 127.0.0.1, interoperating with Curator. */
class ZkDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static TestingServer server;
  private static CuratorFramework curator;

  /** The payload class Curator's own documentation example uses. */
  public static final class InstanceDetails {
    public String zone;
    public int weight;
    public String description;

    public InstanceDetails() {}

    InstanceDetails(String zone, int weight, String description) {
      this.zone = zone;
      this.weight = weight;
      this.description = description;
    }
  }

  @BeforeAll
  static void startZooKeeper() throws Exception {
    server = LoopbackZooKeeper.start();
    curator = LoopbackZooKeeper.client(server);
  }

  @AfterAll
  static void stopZooKeeper() {
    CloseableUtils.closeQuietly(curator);
    CloseableUtils.closeQuietly(server);
  }

  private static String target(String path) {
    return "zk://" + server.getConnectString() + path;
  }

  @Test
  void aServiceRegisteredWithCuratorsServiceDiscoveryIsFound() throws Exception {
    try (ServiceDiscovery<InstanceDetails> sd = ServiceDiscoveryBuilder.builder(InstanceDetails.class)
        .client(curator).basePath("/curator/apps")
        .serializer(new JsonInstanceSerializer<>(InstanceDetails.class)).build()) {
      sd.start();
      sd.registerService(ServiceInstance.<InstanceDetails>builder().name("users").address("127.0.0.1").port(8081)
          .payload(new InstanceDetails("eu-1a", 4, "primary")).build());
      sd.registerService(ServiceInstance.<InstanceDetails>builder().name("users").address("127.0.0.2").sslPort(8443)
          .build());
      try (EndpointSource s = Discovery.open(target("/curator/apps/users"))) {
        await().atMost(WAIT).until(() -> s.current().map(EndpointSet::size).orElse(0) == 2);
        Endpoint plain = s.current().orElseThrow().endpoints().stream()
            .filter(e -> e.port() == 8081).findFirst().orElseThrow();
        assertThat(plain.address()).isEqualTo("127.0.0.1:8081");
        assertThat(plain.weight()).isEqualTo(4);
        assertThat(plain.zone()).isEqualTo("eu-1a");
        assertThat(plain.metadata()).containsEntry("description", "primary").containsKey("zk.id");
        Endpoint tls = s.current().orElseThrow().endpoints().stream()
            .filter(e -> e.port() == 8443).findFirst().orElseThrow();
        assertThat(tls.metadata()).containsEntry("tls", "true");
      }
    }
  }

  @Test
  void aRegistrationThroughZkIsFoundByCuratorAndGoneAfterClose() throws Exception {
    Endpoint self = new Endpoint("127.0.0.1", 9090, 3, "eu-1b", Map.of("version", "1.4"));
    try (ServiceDiscovery<Map> sd = ServiceDiscoveryBuilder.builder(Map.class).client(curator).basePath("/apps")
        .serializer(new JsonInstanceSerializer<>(Map.class)).build()) {
      sd.start();
      Registration r = Discovery.register(target("/apps/orders"), self);
      assertThat(r.isRegistered()).isTrue();
      // ZooKeeper orders reads per session only: another client sees the node soon, not at once
      await().atMost(WAIT).until(() -> sd.queryForInstances("orders").size() == 1);
      Collection<ServiceInstance<Map>> found = sd.queryForInstances("orders");
      assertThat(found).hasSize(1);
      ServiceInstance<Map> i = found.iterator().next();
      assertThat(i.getAddress()).isEqualTo("127.0.0.1");
      assertThat(i.getPort()).isEqualTo(9090);
      assertThat(i.getPayload()).containsEntry("weight", 3).containsEntry("zone", "eu-1b").containsEntry("version", "1.4");

      try (EndpointSource s = Discovery.open(target("/apps/orders"))) {
        Endpoint seen = s.awaitInitial(WAIT).endpoints().get(0);
        assertThat(seen.weight()).isEqualTo(3);
        assertThat(seen.zone()).isEqualTo("eu-1b");
        r.close();
        await().atMost(WAIT).until(() -> s.current().orElseThrow().isEmpty());
      }
      await().atMost(WAIT).until(() -> sd.queryForInstances("orders").isEmpty());
    }
  }

  @Test
  void removingANodeReachesThePickerWithinOneSecond() throws Exception {
    Endpoint a = Endpoint.of("127.0.0.1", 7001);
    Endpoint b = Endpoint.of("127.0.0.1", 7002);
    try (Registration ra = Discovery.register(target("/apps/picky"), a);
        Registration rb = Discovery.register(target("/apps/picky"), b);
        Destination d = Destination.open(ServiceConfig.target(target("/apps/picky")))) {
      await().atMost(WAIT).until(() -> picks(d).size() == 2);
      long start = System.nanoTime();
      rb.close();
      await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
          .until(() -> picks(d).equals(Set.of(a.address())));
      System.out.printf("zk: removal reached the picker in %.1f ms%n", (System.nanoTime() - start) / 1e6);
    }
  }

  @Test
  void badNodesAreSkippedAndTheOthersStay() throws Exception {
    String base = "/apps/messy";
    curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath(base + "/garbage", "{not json".getBytes(StandardCharsets.UTF_8));
    curator.create().withMode(CreateMode.EPHEMERAL)
        .forPath(base + "/no-port", "{\"name\":\"messy\",\"address\":\"127.0.0.1\"}".getBytes(StandardCharsets.UTF_8));
    curator.create().withMode(CreateMode.EPHEMERAL)
        .forPath(base + "/bad-port", "{\"address\":\"127.0.0.1\",\"port\":70000}".getBytes(StandardCharsets.UTF_8));
    curator.create().withMode(CreateMode.EPHEMERAL)
        .forPath(base + "/no-address", "{\"port\":8080}".getBytes(StandardCharsets.UTF_8));
    curator.create().withMode(CreateMode.EPHEMERAL)
        .forPath(base + "/disabled", "{\"address\":\"127.0.0.9\",\"port\":8080,\"enabled\":false}".getBytes(StandardCharsets.UTF_8));
    curator.create().withMode(CreateMode.EPHEMERAL)
        .forPath(base + "/good", "{\"address\":\"127.0.0.1\",\"port\":8080}".getBytes(StandardCharsets.UTF_8));
    try (EndpointSource s = Discovery.open(target(base))) {
      assertThat(s.awaitInitial(WAIT).endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:8080");
      // a node turning bad leaves the set without it, not without everything
      curator.setData().forPath(base + "/good", "garbage".getBytes(StandardCharsets.UTF_8));
      await().atMost(WAIT).until(() -> s.current().orElseThrow().isEmpty());
    }
  }

  @Test
  void anUnknownServiceIsEmptyAndCallsFailNamingTheTarget() {
    String t = target("/apps/nobody");
    try (Destination d = Destination.open(ServiceConfig.target(t))) {
      await().atMost(WAIT).until(d::isReady);
      assertThat(d.picker().describeUnavailable()).contains("\"" + t + "\"");
    }
  }

  @Test
  void badTargetsFailAtConstructionQuotingTheValue() {
    assertThatThrownBy(() -> Discovery.open("zk://127.0.0.1/services/users"))
        .hasMessageContaining("\"127.0.0.1\"").hasMessageContaining("zk://127.0.0.1/services/users");
    assertThatThrownBy(() -> Discovery.open("zk:///services/users"))
        .hasMessageContaining("\"zk:///services/users\"");
    assertThatThrownBy(() -> Discovery.open("zk://127.0.0.1:2181/"))
        .hasMessageContaining("names no service");
    assertThatThrownBy(() -> Discovery.open("zk://127.0.0.1:2181/services/users?session=1s"))
        .hasMessageContaining("\"session\"");
  }

  private static Set<String> picks(Destination d) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Endpoint e = d.picker().pick(PickContext.none());
      if (e != null) {
        seen.add(e.address());
      }
    }
    return seen;
  }
}
