package dev.switchboard.discovery.eureka;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.testing.TcpForwarder;
import dev.switchboard.testing.discovery.EndpointSourceContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The EndpointSource contract for {@code eureka:} against a real Spring Cloud Netflix Eureka
 * server; the client reaches it through a loopback forwarder, which is how the registry "breaks"
 * and comes back without restarting the server.
 */
class EurekaEndpointSourceTest extends EndpointSourceContract {
  private static final AtomicInteger apps = new AtomicInteger();
  private static EurekaServer eureka;
  private static TcpForwarder link;

  @BeforeAll
  static void start() {
    eureka = EurekaServer.get();
    link = TcpForwarder.start("127.0.0.1", eureka.port());
  }

  @AfterAll
  static void stop() {
    link.close();
  }

  @Override
  protected Fixture newFixture(List<Endpoint> initial) throws Exception {
    String app = "CONTRACT" + apps.incrementAndGet();
    List<String> registered = new ArrayList<>();
    Fixture f = new Fixture() {
      @Override
      public String target() {
        return "eureka://" + link.address() + "/" + app + "?refreshInterval=300ms&timeout=1s";
      }

      @Override
      public void set(List<Endpoint> endpoints) {
        for (String id : registered) {
          eureka.cancel(app, id);
        }
        registered.clear();
        for (Endpoint e : endpoints) {
          String id = e.host() + ":" + app.toLowerCase() + ":" + e.port();
          eureka.register(app, id, e.host(), e.port(), "UP", null);
          registered.add(id);
        }
      }

      @Override
      public void breakRegistry() {
        link.stop();
      }

      @Override
      public void repairRegistry() {
        link.resume();
      }

      @Override
      public void close() {
        set(List.of());
      }
    };
    f.set(initial);
    return f;
  }
}
