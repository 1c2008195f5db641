package dev.switchboard.testing.discovery;

import dev.switchboard.discovery.InMemoryRegistry;
import dev.switchboard.endpoint.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class MemEndpointSourceTest extends EndpointSourceContract {
  private static final AtomicInteger services = new AtomicInteger();

  @Override
  protected Fixture newFixture(List<Endpoint> initial) throws Exception {
    String service = "mem-contract-" + services.incrementAndGet();
    List<InMemoryRegistry.Lease> leases = new ArrayList<>();
    Fixture f = new Fixture() {
      @Override
      public String target() {
        return "mem:///" + service;
      }

      @Override
      public void set(List<Endpoint> endpoints) {
        leases.forEach(InMemoryRegistry.Lease::close);
        leases.clear();
        for (Endpoint e : endpoints) {
          leases.add(InMemoryRegistry.global().register(service, e));
        }
      }

      @Override
      public boolean canFail() {
        return false;
      }

      @Override
      public void close() {
        leases.forEach(InMemoryRegistry.Lease::close);
      }
    };
    f.set(initial);
    return f;
  }
}
