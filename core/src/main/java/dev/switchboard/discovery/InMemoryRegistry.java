package dev.switchboard.discovery;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process service registry for demos and tests, served by the {@code mem:} scheme
 * ({@code mem:users} or {@code mem:///users}, which read {@link #global()}).
 *
 * <p>Entries registered with a TTL must {@linkplain Lease#heartbeat() heartbeat} within it or
 * they expire, as a crashed replica would in ZooKeeper or etcd. Expiry is checked on the
 * registry's timer with its ticker, so tests drive it with a fake clock.
 *
 * <p><b>Threading:</b> thread-safe. Mutations are serialized by one lock, and watchers are
 * notified under it, in order; their callbacks must not block.
 *
 * <pre>{@code
 * InMemoryRegistry.Lease self = InMemoryRegistry.global().register("users", Endpoint.of("127.0.0.1", 8081));
 * ServiceConfig users = ServiceConfig.target("mem:users");
 * self.close(); // deregisters
 * }</pre>
 */
public final class InMemoryRegistry {
  private static final Logger log = LoggerFactory.getLogger(InMemoryRegistry.class);
  private static final InMemoryRegistry GLOBAL = new InMemoryRegistry(Ticker.system(), Timer.system());

  private final Ticker ticker;
  private final Timer timer;
  private final Map<String, Service> services = new HashMap<>(); // guarded by this

  private InMemoryRegistry(Ticker ticker, Timer timer) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /** The process-wide registry that {@code mem:} targets read. */
  public static InMemoryRegistry global() {
    return GLOBAL;
  }

  /** An isolated registry; expiry runs on {@code timer} and reads {@code ticker}. */
  public static InMemoryRegistry create(Ticker ticker, Timer timer) {
    return new InMemoryRegistry(ticker, timer);
  }

  /** Registers {@code endpoint} under {@code service} until the lease is closed. */
  public Lease register(String service, Endpoint endpoint) {
    return register(service, endpoint, null);
  }

  /**
   * Registers {@code endpoint} under {@code service}; it expires unless
   * {@linkplain Lease#heartbeat() heartbeated} at least every {@code ttl}. An entry with the same
   * address replaces the previous one.
   */
  public Lease register(String service, Endpoint endpoint, Duration ttl) {
    checkService(service);
    Objects.requireNonNull(endpoint, "endpoint");
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be > 0: " + ttl);
    }
    Lease lease = new Lease(service, endpoint, ttl);
    synchronized (this) {
      Service s = services.computeIfAbsent(service, k -> new Service());
      lease.lastBeat = ticker.nanoTime();
      s.entries.put(endpoint.address(), lease);
      s.changed();
    }
    lease.scheduleExpiry();
    return lease;
  }

  /** The endpoints currently registered under {@code service} (empty if none). */
  public synchronized EndpointSet endpoints(String service) {
    Service s = services.get(service);
    return s == null ? EndpointSet.empty() : s.snapshot;
  }

  /**
   * Removes every entry whose TTL passed without a heartbeat, notifying watchers. Runs on its own
   * after each TTL; public for tests and tools.
   *
   * @return how many entries expired
   */
  public int expireNow() {
    long now = ticker.nanoTime();
    int expired = 0;
    synchronized (this) {
      for (Map.Entry<String, Service> e : services.entrySet()) {
        Service s = e.getValue();
        boolean changed = s.entries.values().removeIf(l -> {
          boolean dead = l.ttlNanos > 0 && now - l.lastBeat >= l.ttlNanos;
          if (dead) {
            l.expired = true;
            log.info("mem: {} of service \"{}\" expired: no heartbeat within {}", l.endpoint, e.getKey(),
                Duration.ofNanos(l.ttlNanos));
          }
          return dead;
        });
        if (changed) {
          expired++;
          s.changed();
        }
      }
    }
    return expired;
  }

  /**
   * A live source for {@code service} in this registry. It publishes the current set at once (an
   * unknown service is the empty set) and every change after.
   */
  public EndpointSource watch(String service, DiscoveryTarget target, DiscoveryEnvironment environment) {
    checkService(service);
    return new Watch(service, target, environment);
  }

  private static void checkService(String service) {
    Objects.requireNonNull(service, "service");
    if (service.isBlank()) {
      throw new IllegalArgumentException("service name must not be blank");
    }
  }

  private final class Watch extends AbstractEndpointSource {
    private final String service;

    Watch(String service, DiscoveryTarget target, DiscoveryEnvironment environment) {
      super(target, environment);
      this.service = service;
      synchronized (InMemoryRegistry.this) {
        Service s = services.computeIfAbsent(service, k -> new Service());
        s.watchers.add(this);
        publish(s.snapshot);
      }
    }

    void deliver(EndpointSet endpoints) {
      publish(endpoints);
    }

    @Override
    protected void doClose() {
      synchronized (InMemoryRegistry.this) {
        Service s = services.get(service);
        if (s != null) {
          s.watchers.remove(this);
        }
      }
    }
  }

  /** One service's entries and watchers; guarded by the registry lock. */
  private static final class Service {
    final LinkedHashMap<String, Lease> entries = new LinkedHashMap<>();
    final List<Watch> watchers = new ArrayList<>();
    EndpointSet snapshot = EndpointSet.empty();

    void changed() {
      List<Endpoint> list = new ArrayList<>(entries.size());
      for (Lease l : entries.values()) {
        list.add(l.endpoint);
      }
      snapshot = EndpointSet.of(list);
      for (Watch w : List.copyOf(watchers)) {
        w.deliver(snapshot);
      }
    }
  }

  /**
   * One registered endpoint. Closing it deregisters. Thread-safe.
   */
  public final class Lease implements Registration {
    private final String service;
    private final Endpoint endpoint;
    private final long ttlNanos;
    private long lastBeat; // guarded by the registry lock
    private boolean expired; // guarded by the registry lock
    private boolean closed; // guarded by the registry lock

    private Lease(String service, Endpoint endpoint, Duration ttl) {
      this.service = service;
      this.endpoint = endpoint;
      this.ttlNanos = ttl == null ? 0 : ttl.toNanos();
    }

    @Override
    public String target() {
      return "mem:" + service;
    }

    @Override
    public Endpoint endpoint() {
      return endpoint;
    }

    /**
     * Renews the TTL. Returns false if the entry already expired or was closed: like a lost
     * ZooKeeper session, the caller must register again.
     */
    public boolean heartbeat() {
      synchronized (InMemoryRegistry.this) {
        if (expired || closed) {
          return false;
        }
        lastBeat = ticker.nanoTime();
      }
      scheduleExpiry();
      return true;
    }

    @Override
    public boolean isRegistered() {
      synchronized (InMemoryRegistry.this) {
        return !expired && !closed;
      }
    }

    private void scheduleExpiry() {
      if (ttlNanos > 0) {
        timer.schedule(InMemoryRegistry.this::expireNow, ttlNanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void close() {
      synchronized (InMemoryRegistry.this) {
        if (closed) {
          return;
        }
        closed = true;
        Service s = services.get(service);
        // Only remove our own entry: a newer registration of the same address may have replaced it.
        if (s != null && s.entries.remove(endpoint.address(), this)) {
          s.changed();
        }
      }
    }

    @Override
    public String toString() {
      return "mem:" + service + "/" + endpoint;
    }
  }
}
