package dev.switchboard.discovery.etcd.internal;

import dev.switchboard.discovery.SharedClients;
import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Timer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint registered as {@code <prefix><host:port>} with a grpc-go layout value, attached to
 * a lease that jetcd keeps alive. If the lease is lost (etcd unreachable for longer than its TTL),
 * a new lease is granted and the key written again, with backoff. Closing revokes the lease, which
 * deletes the key; if etcd cannot be reached then, the key expires with the lease.
 *
 * <p>Thread-safe: state changes are guarded by this object.
 */
public final class EtcdRegistration implements Registration {
  private static final Logger log = LoggerFactory.getLogger(EtcdRegistration.class);

  private final String target;
  private final EtcdTarget etcd;
  private final Endpoint self;
  private final DiscoveryEnvironment environment;
  private final SharedClients.Lease<io.etcd.jetcd.Client> client;
  private final ByteSequence key;
  private final ByteSequence value;
  private long leaseId; // guarded by this
  private CloseableClient keepAlive; // guarded by this
  private Timer.Timeout retry; // guarded by this
  private int failures; // guarded by this
  private volatile boolean registered;
  private volatile boolean closed;

  public EtcdRegistration(String target, EtcdTarget etcd, Endpoint self, DiscoveryEnvironment environment) {
    this.target = target;
    this.etcd = etcd;
    this.self = self;
    this.environment = environment;
    this.client = EtcdClients.acquire(etcd.endpoints());
    this.key = EtcdEndpointSource.bytes(etcd.prefix() + self.address());
    this.value = ByteSequence.from(EndpointJson.render(self));
  }

  /** The key written. */
  public String key() {
    return etcd.prefix() + self.address();
  }

  /**
   * Grants a lease, writes the key and starts the keep-alive, waiting for the first write up to
   * the environment's initial timeout; on failure keeps trying in the background.
   */
  public EtcdRegistration start() {
    try {
      register().get(environment.initialTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // reported and retried by register()
    }
    return this;
  }

  private java.util.concurrent.CompletableFuture<?> register() {
    long ttl = etcd.leaseTtl().toSeconds();
    return client.client().getLeaseClient().grant(ttl)
        .thenCompose(grant -> {
          synchronized (this) {
            leaseId = grant.getID();
          }
          return client.client().getKVClient().put(key, value, PutOption.builder().withLeaseId(grant.getID()).build())
              .thenApply(put -> grant.getID());
        })
        .whenComplete((lease, error) -> {
          synchronized (this) {
            if (error != null) {
              scheduleRetry(error);
              return;
            }
            if (closed) {
              client.client().getLeaseClient().revoke(lease);
              return;
            }
            failures = 0;
            registered = true;
            keepAlive = client.client().getLeaseClient().keepAlive(lease, new Observer(lease));
          }
        });
  }

  private synchronized void scheduleRetry(Throwable error) {
    registered = false;
    if (closed) {
      return;
    }
    failures++;
    long delay = Math.min(environment.minRetryBackoff().toNanos() << Math.min(failures - 1, 20),
        environment.maxRetryBackoff().toNanos());
    log.warn("registering {} under {} failed; retrying in {} ms: {}", self, target,
        Duration.ofNanos(delay).toMillis(), error.toString());
    environment.telemetry().onDiscoveryError(target, error);
    retry = environment.timer().schedule(this::register, delay, TimeUnit.NANOSECONDS);
  }

  /** Receives keep-alive responses for one lease; its end means the lease is gone. */
  private final class Observer implements StreamObserver<LeaseKeepAliveResponse> {
    private final long lease;

    Observer(long lease) {
      this.lease = lease;
    }

    @Override
    public void onNext(LeaseKeepAliveResponse response) {
      registered = response.getTTL() > 0;
    }

    @Override
    public void onError(Throwable t) {
      lost(t);
    }

    @Override
    public void onCompleted() {
      lost(new IllegalStateException("lease " + lease + " keep-alive ended"));
    }

    private void lost(Throwable t) {
      synchronized (EtcdRegistration.this) {
        if (closed || leaseId != lease) {
          return;
        }
        if (keepAlive != null) {
          keepAlive.close();
          keepAlive = null;
        }
        scheduleRetry(t);
      }
    }
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public Endpoint endpoint() {
    return self;
  }

  @Override
  public boolean isRegistered() {
    return registered && !closed;
  }

  @Override
  public void close() {
    long lease;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      registered = false;
      if (retry != null) {
        retry.cancel();
      }
      if (keepAlive != null) {
        keepAlive.close();
      }
      lease = leaseId;
    }
    if (lease != 0) {
      try {
        client.client().getLeaseClient().revoke(lease).get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.debug("revoking lease of {} failed; the key expires with the lease", self, e);
      }
    }
    client.close();
  }

  @Override
  public String toString() {
    return "EtcdRegistration[" + key() + "]";
  }
}
