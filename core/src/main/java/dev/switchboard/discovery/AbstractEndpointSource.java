package dev.switchboard.discovery;

import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.RejectedCallException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping every source shares: subscribers, the last known good set, error reporting and
 * the initial-resolution wait. Subclasses resolve and call {@link #publish} or
 * {@link #publishError} from any thread.
 *
 * <p><b>Threading:</b> deliveries and subscriptions are serialized by one lock, so a subscriber
 * never sees an older set after a newer one and its callbacks are never concurrent. Listeners run
 * under that lock and must not block.
 */
public abstract class AbstractEndpointSource implements EndpointSource {
  private static final Logger log = LoggerFactory.getLogger(AbstractEndpointSource.class);

  private final DiscoveryTarget target;
  /** The environment: timer, executor, ticker, telemetry and backoff bounds. */
  protected final DiscoveryEnvironment environment;
  private final CopyOnWriteArrayList<EndpointListener> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<EndpointSet> initial = new CompletableFuture<>();
  private final Object deliveryLock = new Object();
  private volatile EndpointSet current;
  private volatile Throwable lastError;
  private volatile boolean closed;

  protected AbstractEndpointSource(DiscoveryTarget target, DiscoveryEnvironment environment) {
    this.target = Objects.requireNonNull(target, "target");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public DiscoveryTarget target() {
    return target;
  }

  @Override
  public Optional<EndpointSet> current() {
    return Optional.ofNullable(current);
  }

  /** The last resolution error, if the last attempt failed. */
  public Optional<Throwable> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** True once {@link #close()} ran. */
  protected boolean isClosed() {
    return closed;
  }

  @Override
  public AutoCloseable subscribe(EndpointListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (deliveryLock) {
      listeners.add(listener);
      EndpointSet known = current;
      if (known != null) {
        listener.onUpdate(known);
      }
    }
    return () -> listeners.remove(listener);
  }

  /**
   * Publishes a successful resolution. Unchanged sets are not re-sent. An empty set is a real
   * answer (NXDOMAIN, nothing registered) and is published like any other; a failed query must go
   * to {@link #publishError} instead.
   */
  protected void publish(EndpointSet endpoints) {
    Objects.requireNonNull(endpoints, "endpoints");
    synchronized (deliveryLock) {
      if (closed) {
        return;
      }
      lastError = null;
      EndpointSet previous = current;
      current = endpoints;
      initial.complete(endpoints);
      if (endpoints.equals(previous)) {
        return;
      }
      try {
        environment.telemetry().onDiscoveryUpdate(target.raw(), endpoints);
      } catch (RuntimeException e) {
        log.warn("telemetry listener threw on discovery update of {}; ignored", target, e);
      }
      for (EndpointListener l : listeners) {
        try {
          l.onUpdate(endpoints);
        } catch (RuntimeException e) {
          log.warn("endpoint listener for {} threw; ignored", target, e);
        }
      }
    }
  }

  /** Reports a failed resolution; the last known good set stays. */
  protected void publishError(Throwable error) {
    Objects.requireNonNull(error, "error");
    synchronized (deliveryLock) {
      if (closed) {
        return;
      }
      lastError = error;
      log.debug("discovery of {} failed; keeping last known set {}", target, current, error);
      try {
        environment.telemetry().onDiscoveryError(target.raw(), error);
      } catch (RuntimeException e) {
        log.warn("telemetry listener threw on discovery error of {}; ignored", target, e);
      }
      for (EndpointListener l : listeners) {
        try {
          l.onError(error);
        } catch (RuntimeException e) {
          log.warn("endpoint listener for {} threw; ignored", target, e);
        }
      }
    }
  }

  /**
   * Logs that one registry entry was skipped (garbage JSON, missing port, bad address). The other
   * entries stay; one bad record must not empty a service.
   */
  protected void warnSkipped(String key, String why) {
    log.warn("discovery of {}: skipped entry \"{}\": {}", target, key, why);
  }

  /** Exponential retry delay for the {@code failures}-th consecutive failure (1-based). */
  protected Duration retryDelay(int failures) {
    long min = environment.minRetryBackoff().toNanos();
    long max = environment.maxRetryBackoff().toNanos();
    long delay = min;
    for (int i = 1; i < failures && delay < max; i++) {
      delay = delay * 2;
    }
    return Duration.ofNanos(Math.min(delay, max));
  }

  @Override
  public EndpointSet awaitInitial(Duration timeout) {
    try {
      return initial.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      Throwable err = lastError;
      throw new RejectedCallException(
          ErrorKind.NO_ENDPOINTS,
          "no endpoints resolved for \"" + target.raw() + "\" within " + timeout.toMillis() + " ms"
              + (err == null ? "" : ": " + err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedCallException(ErrorKind.NO_ENDPOINTS, "interrupted resolving \"" + target.raw() + "\"");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    synchronized (deliveryLock) {
      if (closed) {
        return;
      }
      closed = true;
      listeners.clear();
    }
    try {
      doClose();
    } catch (RuntimeException e) {
      log.warn("closing discovery of {} failed; ignored", target, e);
    }
  }

  /** Releases provider resources. Must not throw. */
  protected abstract void doClose();

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + target + "]";
  }
}
