package dev.switchboard.discovery.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.EndpointListener;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.testing.EtcdProcess;
import dev.switchboard.testing.TcpForwarder;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scenario against a real etcd: a client is cut off from etcd through a loopback
 * forwarder; while it is away a replica is deleted, another added, and etcd compacts past the
 * client's revision ({@code etcdctl compact --physical}), so the client's watch cannot resume. Once
 * the link is back, the client must list again at once and converge within 2 s, whatever the
 * length of the cut: the compaction error comes from a reachable server and must not wait out the
 * backoff accumulated while the server was unreachable. The source runs with its default settings.
 */
class EtcdSourceWithCompactionWhileCutOffTest {
  private static final Duration CONVERGE = Duration.ofSeconds(2);
  private static final AtomicInteger services = new AtomicInteger();
  private static EtcdProcess etcd;
  private static Client admin;
  private static ScheduledExecutorService timer;

  @BeforeAll
  static void start() {
    etcd = EtcdProcess.start();
    admin = Client.builder().endpoints(etcd.clientUrl()).build();
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    timer.shutdownNow();
    admin.close();
    etcd.close();
  }

  private static String value(String address) {
    return "{\"Op\":0,\"Addr\":\"" + address + "\",\"Metadata\":null}";
  }

  private static long put(String key, String value) throws Exception {
    return admin.getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS).getHeader().getRevision();
  }

  private static long delete(String key) throws Exception {
    return admin.getKVClient().delete(bytes(key)).get(10, TimeUnit.SECONDS).getHeader().getRevision();
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "cut for {0} s")
  @ValueSource(ints = {1, 5})
  void aClientCutOffWhileEtcdCompactsPastItsRevisionConvergesWithinTwoSecondsOfReconnection(int cutSeconds)
      throws Exception {
    String prefix = "services/compacted" + services.incrementAndGet();
    put(prefix + "/a", value("127.0.0.1:9001"));
    put(prefix + "/b", value("127.0.0.1:9002"));
    try (TcpForwarder link = TcpForwarder.start("127.0.0.1", etcd.clientPort());
        EndpointSource source = Discovery.open("etcd://" + link.address() + "/" + prefix)) {
      Timeline seen = new Timeline();
      source.subscribe(seen);
      assertThat(addresses(source.awaitInitial(Duration.ofSeconds(10))))
          .containsExactlyInAnyOrder("127.0.0.1:9001", "127.0.0.1:9002");

      long cutAt = System.nanoTime();
      link.stop();
      // the client notices it is cut off (watch stream or probe), so its backoff has started
      await().atMost(Duration.ofSeconds(10)).until(() -> !seen.errors.isEmpty());

      delete(prefix + "/b");
      long revision = put(prefix + "/c", value("127.0.0.1:9003"));
      for (int i = 0; i < 5; i++) {
        revision = put("services/other/churn", "v" + i);
      }
      etcd.etcdctl("compact", Long.toString(revision), "--physical");
      assertThat(addresses(source.current().orElseThrow())).as("nothing reaches the client while cut off")
          .containsExactlyInAnyOrder("127.0.0.1:9001", "127.0.0.1:9002");

      // reconnect once the cut has lasted cutSeconds of real time (a scheduled action, not a sleep)
      long remaining = Math.max(0, cutAt + TimeUnit.SECONDS.toNanos(cutSeconds) - System.nanoTime());
      timer.schedule(link::resume, remaining, TimeUnit.NANOSECONDS);
      await().atMost(Duration.ofSeconds(cutSeconds + 10L)).until(link::isForwarding);
      long reconnectedAt = link.resumedAtNanos();

      await().atMost(CONVERGE).untilAsserted(() -> assertThat(addresses(source.current().orElseThrow()))
          .containsExactlyInAnyOrder("127.0.0.1:9001", "127.0.0.1:9003"));
      long convergedAfterMs = TimeUnit.NANOSECONDS.toMillis(seen.firstContaining("127.0.0.1:9003") - reconnectedAt);
      assertThat(convergedAfterMs).as("ms from reconnection to the new set").isLessThanOrEqualTo(CONVERGE.toMillis());
      assertThat(TimeUnit.NANOSECONDS.toMillis(reconnectedAt - cutAt)).isGreaterThanOrEqualTo(cutSeconds * 1000L);
    }
  }

  private static Set<String> addresses(EndpointSet set) {
    return set.endpoints().stream().map(Endpoint::address).collect(Collectors.toSet());
  }

  /** Every update and error, with the time it arrived. */
  private static final class Timeline implements EndpointListener {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<long[]> stamps = new CopyOnWriteArrayList<>();
    final List<EndpointSet> updates = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void onUpdate(EndpointSet endpoints) {
      updates.add(endpoints);
      stamps.add(new long[] {System.nanoTime()});
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
    }

    synchronized long firstContaining(String address) {
      for (int i = 0; i < updates.size(); i++) {
        if (addresses(updates.get(i)).contains(address)) {
          return stamps.get(i)[0];
        }
      }
      throw new AssertionError("no update contained " + address + ": " + updates);
    }
  }
}
