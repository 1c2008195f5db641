package dev.switchboard.grpc;

import dev.switchboard.discovery.AbstractEndpointSource;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.DiscoveryProvider;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.discovery.EndpointSource;
import dev.switchboard.endpoint.EndpointSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process registry under the scheme {@code sbtest:NAME}: tests publish endpoint sets and
 * errors, and every source open on that name sees them. It is not a built-in scheme, so it also
 * proves {@link SwitchboardGrpc#registerDiscoverySchemes()} picks up schemes found at run time.
 */
public final class TestRegistryProvider implements DiscoveryProvider {
  private static final Map<String, Source> SOURCES = new ConcurrentHashMap<>();

  @Override
  public String scheme() {
    return "sbtest";
  }

  @Override
  public EndpointSource open(DiscoveryTarget target, DiscoveryEnvironment environment) {
    if (target.name().isBlank()) {
      throw new IllegalArgumentException("sbtest target \"" + target.raw() + "\" has no name");
    }
    Source s = new Source(target, environment);
    SOURCES.put(target.name(), s);
    return s;
  }

  static void publish(String name, EndpointSet endpoints) {
    SOURCES.get(name).push(endpoints);
  }

  static void fail(String name, Throwable error) {
    SOURCES.get(name).pushError(error);
  }

  static boolean isOpen(String name) {
    return SOURCES.containsKey(name);
  }

  private static final class Source extends AbstractEndpointSource {
    Source(DiscoveryTarget target, DiscoveryEnvironment environment) {
      super(target, environment);
    }

    synchronized void push(EndpointSet endpoints) {
      publish(endpoints);
    }

    synchronized void pushError(Throwable error) {
      publishError(error);
    }

    @Override
    protected void doClose() {
      SOURCES.remove(target().name(), this);
    }
  }
}
