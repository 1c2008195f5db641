package dev.switchboard.discovery.dns;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.testing.DnsmasqProcess;
import dev.switchboard.testing.discovery.EndpointSourceContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The EndpointSource contract for {@code dns+srv:} against a real dnsmasq (record TTL 1 s). */
class DnsSrvEndpointSourceTest extends EndpointSourceContract {
  private static final AtomicInteger services = new AtomicInteger();
  private static final Map<String, List<Endpoint>> registry = new ConcurrentHashMap<>();
  private static DnsmasqProcess dns;

  @BeforeAll
  static void startDns() {
    dns = DnsmasqProcess.start("svc.test", Duration.ofSeconds(1), DnsmasqProcess.records());
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  /** dnsmasq cannot reload records given on its command line: restart it with all services. */
  private static synchronized void publish() {
    DnsmasqProcess.Records records = DnsmasqProcess.records();
    for (Map.Entry<String, List<Endpoint>> e : registry.entrySet()) {
      for (Endpoint ep : e.getValue()) {
        String host = "e" + ep.port() + "." + e.getKey().substring(1).replace("._tcp", "") ;
        records = records.host(host, ep.host()).srv(e.getKey(), host, ep.port(), 0, 10);
      }
    }
    dns.restart(records);
  }

  @Override
  protected Fixture newFixture(List<Endpoint> initial) {
    String service = "_contract" + services.incrementAndGet() + "._tcp.svc.test";
    registry.put(service, initial);
    publish();
    return new Fixture() {
      @Override
      public String target() {
        return "dns+srv://" + dns.address() + "/" + service + "?timeout=500ms";
      }

      @Override
      public void set(List<Endpoint> endpoints) {
        registry.put(service, endpoints);
        publish();
      }

      @Override
      public void breakRegistry() {
        dns.stop();
      }

      @Override
      public void repairRegistry() {
        dns.resume();
      }

      @Override
      public void close() {
        registry.remove(service);
      }
    };
  }
}
