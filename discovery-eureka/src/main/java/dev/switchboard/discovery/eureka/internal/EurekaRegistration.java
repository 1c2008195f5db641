package dev.switchboard.discovery.eureka.internal;

import dev.switchboard.discovery.DiscoveryEnvironment;
import dev.switchboard.discovery.Registration;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Timer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint registered in Eureka the way Spring Cloud's client does it: {@code POST
 * /apps/{APP}} with the instance (id {@code host:app:port}, status {@code UP}), then a renewal
 * ({@code PUT /apps/{APP}/{id}}) every {@code renewInterval}. A renewal answered 404 means Eureka
 * forgot the instance (its lease expired, or the server restarted): it registers again at once. A
 * failed registration or renewal is reported and retried at the next interval (registration
 * failures retry with backoff from the environment's minimum, capped at the renew interval).
 * Closing cancels the renewals and deregisters ({@code DELETE /apps/{APP}/{id}}); if Eureka cannot
 * be reached then, the lease expires by itself after {@code leaseDuration}.
 *
 * <p>Thread-safe: state is guarded by this object; HTTP calls never run under it.
 */
public final class EurekaRegistration implements Registration {
  private static final Logger log = LoggerFactory.getLogger(EurekaRegistration.class);

  private final String target;
  private final EurekaTarget eureka;
  private final Endpoint self;
  private final DiscoveryEnvironment environment;
  private final EurekaHttp http;
  private final String instanceId;
  private final String instancePath;
  private final long dirtyTimestamp = System.currentTimeMillis();
  private Timer.Timeout next; // guarded by this
  private int failures; // guarded by this
  private long lastRenewedNanos; // guarded by this
  private volatile boolean registered;
  private volatile boolean closed;

  public EurekaRegistration(String target, EurekaTarget eureka, Endpoint self, DiscoveryEnvironment environment) {
    this.target = target;
    this.eureka = eureka;
    this.self = self;
    this.environment = environment;
    this.http = new EurekaHttp(eureka.servers(), eureka.timeout());
    this.instanceId = self.host() + ":" + eureka.app().toLowerCase(Locale.ROOT) + ":" + self.port();
    this.instancePath = "/apps/" + eureka.app() + "/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8);
  }

  /** Eureka's id of this instance: {@code host:app:port}, as Spring Cloud builds it. */
  public String instanceId() {
    return instanceId;
  }

  /** Registers, waiting for the answer up to the environment's initial timeout; retries in the background on failure. */
  public EurekaRegistration start() {
    try {
      register().get(environment.initialTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // reported and retried by register()
    }
    return this;
  }

  private CompletableFuture<?> register() {
    byte[] body = InstanceJson.registration(self, eureka.app(), instanceId, eureka, dirtyTimestamp);
    return http.send("POST", "/apps/" + eureka.app(), body).toCompletableFuture().handle((answer, error) -> {
      if (error == null && answer.status() / 100 == 2) {
        synchronized (this) {
          failures = 0;
          lastRenewedNanos = environment.ticker().nanoTime();
        }
        if (closed) {
          http.send("DELETE", instancePath, null); // closed while this registration was in flight
          return null;
        }
        registered = true;
        log.debug("registered {} in eureka as {}/{}", self, eureka.app(), instanceId);
        schedule(this::renew, eureka.renewInterval());
      } else {
        failed("registering", error != null ? error : new IOException("POST answered " + answer.status()), true);
      }
      return null;
    });
  }

  private void renew() {
    String path = instancePath + "?status=UP&lastDirtyTimestamp=" + dirtyTimestamp;
    http.send("PUT", path, null).whenComplete((answer, error) -> {
      if (error == null && answer.status() == 404) {
        registered = false;
        log.info("eureka no longer knows {} ({}/{}); registering again", self, eureka.app(), instanceId);
        register();
      } else if (error == null && answer.status() / 100 == 2) {
        synchronized (this) {
          failures = 0;
          lastRenewedNanos = environment.ticker().nanoTime();
        }
        registered = true;
        schedule(this::renew, eureka.renewInterval());
      } else {
        failed("renewing", error != null ? error : new IOException("PUT answered " + answer.status()), false);
      }
    });
  }

  private void failed(String what, Throwable error, boolean registering) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    Duration delay;
    synchronized (this) {
      failures++;
      if (environment.ticker().nanoTime() - lastRenewedNanos > eureka.leaseDuration().toNanos()) {
        registered = false; // the lease has run out by now
      }
      long backoff = Math.min(environment.minRetryBackoff().toNanos() << Math.min(failures - 1, 20),
          eureka.renewInterval().toNanos());
      delay = registering ? Duration.ofNanos(backoff) : eureka.renewInterval();
    }
    if (closed) {
      return;
    }
    log.warn("{} {} as {}/{} in eureka failed; retrying in {} ms: {}", what, self, eureka.app(), instanceId,
        delay.toMillis(), cause.toString());
    try {
      environment.telemetry().onDiscoveryError(target, cause);
    } catch (RuntimeException e) {
      log.warn("telemetry listener threw; ignored", e);
    }
    schedule(registering ? this::register : this::renew, delay);
  }

  private synchronized void schedule(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    next = environment.timer().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
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
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (next != null) {
        next.cancel();
      }
    }
    registered = false;
    try {
      EurekaHttp.Answer answer = http.send("DELETE", instancePath, null).toCompletableFuture()
          .get(eureka.timeout().toMillis() * eureka.servers().size() + 1_000, TimeUnit.MILLISECONDS);
      if (answer.status() / 100 != 2 && answer.status() != 404) {
        log.debug("deregistering {} from eureka answered {}; the lease expires anyway", self, answer.status());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("deregistering {} from eureka failed; the lease expires after {}", self, eureka.leaseDuration(), e);
    }
  }

  @Override
  public String toString() {
    return "EurekaRegistration[" + eureka.app() + "/" + instanceId + "]";
  }
}
