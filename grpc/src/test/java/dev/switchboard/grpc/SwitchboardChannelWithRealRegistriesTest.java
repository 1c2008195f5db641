package dev.switchboard.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.testing.DnsmasqProcess;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Channels built from {@code zk:} (curator-test's in-process ZooKeeper on 127.0.0.1) and
 * {@code dns+srv:} (a real dnsmasq on 127.0.0.1) targets reach the replicas registered there.
 */
class SwitchboardChannelWithRealRegistriesTest extends TwoReplicas {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private String call() {
    return ClientCalls.blockingUnaryCall(channel, TestReplica.ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS), "q");
  }

  /** Calls until both replicas answered, bounded in count; returns how many calls it took. */
  private int callUntilBothAnswered() {
    int n = 0;
    boolean sawA = false;
    boolean sawB = false;
    while (!(sawA && sawB) && n < 50) {
      String answer = call();
      sawA |= answer.startsWith("a:");
      sawB |= answer.startsWith("b:");
      n++;
    }
    assertThat(sawA && sawB).as("both replicas answered within 50 calls").isTrue();
    return n;
  }

  @Test
  void plainHostPortTargetsStayWithGrpcJavasDnsResolverWhenEveryDiscoveryModuleIsPresent() throws Exception {
    SwitchboardGrpc.registerDiscoverySchemes();
    assertThat(io.grpc.NameResolverRegistry.getDefaultRegistry().getDefaultScheme()).isEqualTo("dns");
    channel = io.grpc.ManagedChannelBuilder.forTarget(a.address()).usePlaintext().build();
    assertThat(call()).isEqualTo("a:q");
  }

  @Test
  void aZkTargetReachesTheRegisteredReplicasAndFollowsDeregistration() throws Exception {
    InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
        Map.of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1");
    try (TestingServer zk = new TestingServer(spec, true)) {
      String target = "zk://" + zk.getConnectString() + "/services/users";
      try (Registration ra = Discovery.register(target, Endpoint.of("127.0.0.1", a.port()));
          Registration rb = Discovery.register(target, Endpoint.of("127.0.0.1", b.port()))) {
        channel = SwitchboardGrpc.channelBuilder(target).build();
        await().atMost(WAIT).untilAsserted(() -> assertThat(call()).endsWith(":q"));
        callUntilBothAnswered();
        rb.close();
        // ZooKeeper orders reads per session: the watch fires soon, not at once.
        await().atMost(WAIT).untilAsserted(() -> {
          int before = b.calls.get();
          for (int i = 0; i < 4; i++) {
            assertThat(call()).isEqualTo("a:q");
          }
          assertThat(b.calls.get()).isEqualTo(before);
        });
      }
    }
  }

  @Test
  void aDnsSrvTargetReachesEveryReplicaThroughItsHostRecord() {
    try (DnsmasqProcess dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(1), DnsmasqProcess.records()
        .host("users-1.svc.test", "127.0.0.1").srv("_users._tcp.svc.test", "users-1.svc.test", a.port(), 0, 10)
        .host("users-2.svc.test", "127.0.0.1").srv("_users._tcp.svc.test", "users-2.svc.test", b.port(), 0, 10))) {
      String target = "dns+srv://" + dns.address() + "/_users._tcp.svc.test?timeout=500ms";
      // The SRV targets come back as addresses (A records through the same server), never as
      // names the JVM's resolver would have to look up when the subchannel connects.
      try (EndpointSource source = Discovery.open(target)) {
        assertThat(source.awaitInitial(WAIT).endpoints())
            .extracting(Endpoint::host).containsOnly("127.0.0.1");
      }
      channel = SwitchboardGrpc.channelBuilder(target).build();
      await().atMost(WAIT).untilAsserted(() -> assertThat(call()).endsWith(":q"));
      callUntilBothAnswered();
      assertThat(a.contexts).isNotEmpty();
      assertThat(b.contexts).isNotEmpty();
    }
  }
}
