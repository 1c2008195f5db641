package dev.switchboard.discovery.etcd;

import dev.switchboard.discovery.etcd.internal.EndpointJson;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.testing.EtcdProcess;
import dev.switchboard.testing.discovery.EndpointSourceContract;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The EndpointSource contract for {@code etcd:} against a real etcd process. */
class EtcdEndpointSourceTest extends EndpointSourceContract {
  private static final AtomicInteger services = new AtomicInteger();
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

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  protected Fixture newFixture(List<Endpoint> initial) throws Exception {
    String prefix = "contract/svc" + services.incrementAndGet();
    Fixture f = new Fixture() {
      @Override
      public String target() {
        return "etcd://" + etcd.clientAddress() + "/" + prefix + "?probeInterval=300ms";
      }

      @Override
      public void set(List<Endpoint> endpoints) throws Exception {
        client.getKVClient().delete(bytes(prefix + "/"), DeleteOption.builder().isPrefix(true).build())
            .get(10, TimeUnit.SECONDS);
        for (Endpoint e : endpoints) {
          client.getKVClient().put(bytes(prefix + "/" + e.address()), ByteSequence.from(EndpointJson.render(e)))
              .get(10, TimeUnit.SECONDS);
        }
      }

      @Override
      public void breakRegistry() {
        etcd.stop();
      }

      @Override
      public void repairRegistry() {
        etcd.resume();
      }
    };
    f.set(initial);
    return f;
  }
}
