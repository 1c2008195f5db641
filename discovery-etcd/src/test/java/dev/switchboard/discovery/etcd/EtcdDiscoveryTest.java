package dev.switchboard.discovery.etcd;

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
import dev.switchboard.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** etcd: discovery and registration against a real etcd on loopback ports. */
class EtcdDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static EtcdProcess etcd;
  private static Client client;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdProcess.start();
    client = Client.builder().endpoints(etcd.clientUrl()).build();
  }

  @AfterAll
  static void stopEtcd() {
    client.close();
    etcd.close();
  }

  private static String target(String prefix) {
    return "etcd://" + etcd.clientAddress() + "/" + prefix;
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Test
  void aRecordWrittenByHandInTheGrpcGoLayoutIsRead() {
    // exactly what `etcdctl put` from etcd's gRPC naming guide writes, and what endpoints.Manager stores
    etcd.etcdctl("put", "services/users/e1", "{\"Op\":0,\"Addr\":\"127.0.0.1:8081\",\"Metadata\":null}");
    etcd.etcdctl("put", "services/users/e2",
        "{\"Op\":0,\"Addr\":\"127.0.0.2:8082\",\"Metadata\":{\"weight\":5,\"priority\":1,\"zone\":\"eu-1a\",\"version\":\"2\"}}");
    etcd.etcdctl("put", "services/users/e3", "{\"Addr\":\"[::1]:8083\",\"Metadata\":\"opaque\"}");
    etcd.etcdctl("put", "services/users-other/x", "{\"Addr\":\"127.0.0.9:1\"}"); // another service's prefix
    try (EndpointSource s = Discovery.open(target("services/users"))) {
      var eps = s.awaitInitial(WAIT).endpoints();
      assertThat(eps).extracting(Endpoint::address).containsExactly("127.0.0.1:8081", "127.0.0.2:8082", "[::1]:8083");
      assertThat(eps.get(1).weight()).isEqualTo(5);
      assertThat(eps.get(1).priority()).isEqualTo(1);
      assertThat(eps.get(0).priority()).isZero();
      assertThat(eps.get(1).zone()).isEqualTo("eu-1a");
      assertThat(eps.get(1).metadata()).containsEntry("version", "2");
      assertThat(eps.get(2).metadata()).containsEntry("metadata", "opaque");
    }
  }

  @Test
  void aRegistrationIsDiscoveredWatchedAndRemovedOnClose() {
    Endpoint self = new Endpoint("127.0.0.1", 9001, 2, "eu-1b", Map.of("version", "1.0"));
    try (EndpointSource s = Discovery.open(target("services/orders"))) {
      assertThat(s.awaitInitial(WAIT).isEmpty()).isTrue();
      Registration r = Discovery.register(target("services/orders"), self);
      assertThat(r.isRegistered()).isTrue();
      await().atMost(WAIT).until(() -> s.current().orElseThrow().size() == 1);
      Endpoint seen = s.current().orElseThrow().endpoints().get(0);
      assertThat(seen.address()).isEqualTo("127.0.0.1:9001");
      assertThat(seen.weight()).isEqualTo(2);
      assertThat(seen.zone()).isEqualTo("eu-1b");
      assertThat(seen.metadata()).containsEntry("version", "1.0");
      // the value is grpc-go's layout, readable by Go clients
      assertThat(etcd.etcdctl("get", "services/orders/127.0.0.1:9001", "--print-value-only"))
          .contains("\"Addr\":\"127.0.0.1:9001\"").contains("\"Op\":0").contains("\"Metadata\":{");
      r.close();
      await().atMost(WAIT).until(() -> s.current().orElseThrow().isEmpty());
    }
  }

  @Test
  void leaseExpiryRemovesTheEndpointWhileKeepAliveKeepsARegistration() throws Exception {
    // a replica that crashed: its lease is never renewed
    long lease = client.getLeaseClient().grant(2).get(10, TimeUnit.SECONDS).getID();
    client.getKVClient().put(bytes("services/leased/127.0.0.1:7001"),
        bytes("{\"Op\":0,\"Addr\":\"127.0.0.1:7001\"}"), PutOption.builder().withLeaseId(lease).build())
        .get(10, TimeUnit.SECONDS);
    try (Registration alive = Discovery.register(target("services/leased?leaseTtl=2s"), Endpoint.of("127.0.0.1", 7002));
        EndpointSource s = Discovery.open(target("services/leased"))) {
      await().atMost(WAIT).until(() -> s.current().map(set -> set.size() == 2).orElse(false));
      await().atMost(WAIT).until(() -> s.current().orElseThrow().size() == 1);
      assertThat(s.current().orElseThrow().endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:7002");
      // the registration outlives several of its 2 s TTLs
      await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> s.current().orElseThrow().size() == 1);
      assertThat(alive.isRegistered()).isTrue();
    }
  }

  @Test
  void badKeysAreSkippedAndTheOthersStay() {
    etcd.etcdctl("put", "services/messy/garbage", "{not json");
    etcd.etcdctl("put", "services/messy/no-port", "{\"Addr\":\"127.0.0.1\"}");
    etcd.etcdctl("put", "services/messy/bad-port", "{\"Addr\":\"127.0.0.1:99999\"}");
    etcd.etcdctl("put", "services/messy/no-addr", "{\"Metadata\":{}}");
    etcd.etcdctl("put", "services/messy/good", "{\"Addr\":\"127.0.0.1:8080\"}");
    try (EndpointSource s = Discovery.open(target("services/messy"))) {
      assertThat(s.awaitInitial(WAIT).endpoints()).extracting(Endpoint::address).containsExactly("127.0.0.1:8080");
      etcd.etcdctl("put", "services/messy/good2", "garbage");
      etcd.etcdctl("put", "services/messy/good3", "{\"Addr\":\"127.0.0.1:8083\"}");
      await().atMost(WAIT).until(() -> s.current().orElseThrow().size() == 2);
    }
  }

  @Test
  void oneDeleteOfSeveralKeysRemovesEveryOneOfThem() {
    // one revision, several DELETE events sharing its mod revision
    etcd.etcdctl("put", "services/bulk/a", "{\"Addr\":\"127.0.0.1:8001\"}");
    etcd.etcdctl("put", "services/bulk/b", "{\"Addr\":\"127.0.0.1:8002\"}");
    etcd.etcdctl("put", "services/bulk/c", "{\"Addr\":\"127.0.0.1:8003\"}");
    try (EndpointSource s = Discovery.open(target("services/bulk"))) {
      assertThat(s.awaitInitial(WAIT).size()).isEqualTo(3);
      etcd.etcdctl("del", "services/bulk/", "--prefix");
      await().atMost(WAIT).until(() -> s.current().orElseThrow().isEmpty());
    }
  }

  @Test
  void anEmptyPrefixGivesNoEndpointsNamingTheTarget() {
    String t = target("services/nobody");
    try (Destination d = Destination.open(ServiceConfig.target(t))) {
      await().atMost(WAIT).until(d::isReady);
      assertThat(d.picker().pick(PickContext.none())).isNull();
      assertThat(d.picker().describeUnavailable()).contains("\"" + t + "\"");
    }
  }

  @Test
  void badTargetsFailAtConstructionQuotingTheValue() {
    assertThatThrownBy(() -> Discovery.open("etcd://127.0.0.1/services/users"))
        .hasMessageContaining("\"127.0.0.1\"").hasMessageContaining("etcd://127.0.0.1/services/users");
    assertThatThrownBy(() -> Discovery.open("etcd:///services/users"))
        .hasMessageContaining("\"etcd:///services/users\"");
    assertThatThrownBy(() -> Discovery.open("etcd://127.0.0.1:2379/"))
        .hasMessageContaining("names no service prefix");
    assertThatThrownBy(() -> Discovery.register("etcd://127.0.0.1:2379/s?leaseTtl=100ms", Endpoint.of("h", 1)))
        .hasMessageContaining("leaseTtl");
  }
}
