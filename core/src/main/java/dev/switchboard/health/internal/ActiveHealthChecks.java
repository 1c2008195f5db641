package dev.switchboard.health.internal;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.HealthCheckResult;
import dev.switchboard.time.Timer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one destination's active health checks on the balancer's timer: per endpoint, one check in
 * flight at a time, the next one scheduled {@code interval + random(0..jitter)} after the previous
 * finished. No thread per endpoint; a check's I/O runs on the checker's own I/O threads. Applies
 * the healthy/unhealthy thresholds and reports only transitions to the {@link Listener}.
 *
 * <p><b>Threading:</b> {@link #sync} and {@link #close} come from the balancer's control side; each
 * probe's counters are touched only by its own sequential chain of check completions.
 */
public final class ActiveHealthChecks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ActiveHealthChecks.class);

  /** Receives health transitions, from timer or I/O threads. */
  @FunctionalInterface
  public interface Listener {
    void onHealthChange(Endpoint endpoint, boolean healthy, String detail);
  }

  private final HealthCheckPolicy options;
  private final Timer timer;
  private final RandomGenerator random;
  private final Listener listener;
  private final Map<String, Probe> probes = new HashMap<>();
  private boolean closed;

  public ActiveHealthChecks(HealthCheckPolicy options, Timer timer,
      RandomGenerator random, Listener listener) {
    this.options = options;
    this.timer = timer;
    this.random = random;
    this.listener = listener;
  }

  /** Starts checking new endpoints and stops checking those that left. */
  public synchronized void sync(Collection<Endpoint> endpoints) {
    if (closed) {
      return;
    }
    Set<String> current = new HashSet<>();
    for (Endpoint e : endpoints) {
      current.add(e.address());
      Probe p = probes.get(e.address());
      if (p == null) {
        p = new Probe(e);
        probes.put(e.address(), p);
        p.scheduleNext(jitterNanos()); // spread first checks so a big set does not probe in one burst
      } else {
        p.endpoint = e; // weight or zone may have changed
      }
    }
    probes.entrySet().removeIf(entry -> {
      if (!current.contains(entry.getKey())) {
        entry.getValue().stop();
        return true;
      }
      return false;
    });
  }

  /** Number of endpoints being checked. */
  public synchronized int size() {
    return probes.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    probes.values().forEach(Probe::stop);
    probes.clear();
  }

  private long jitterNanos() {
    long j = options.jitter().toNanos();
    return j <= 0 ? 0 : (long) (random.nextDouble() * j);
  }

  /** One endpoint's check loop and threshold counters. */
  private final class Probe {
    volatile Endpoint endpoint;
    private volatile boolean stopped;
    private volatile Timer.Timeout next;
    private boolean healthy = true;
    private int passes;
    private int failures;

    Probe(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    void scheduleNext(long delayNanos) {
      if (stopped) {
        return;
      }
      try {
        next = timer.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        log.debug("health check of {} not scheduled: timer shut down", endpoint);
      }
    }

    void stop() {
      stopped = true;
      Timer.Timeout t = next;
      if (t != null) {
        t.cancel();
      }
    }

    private void run() {
      if (stopped) {
        return;
      }
      Endpoint e = endpoint;
      CompletableFuture<HealthCheckResult> check;
      try {
        check = options.checker().check(e, options.timeout());
      } catch (RuntimeException ex) { // the SPI says never throw; a buggy checker must not stop the loop
        check = CompletableFuture.completedFuture(HealthCheckResult.unhealthy("health checker threw " + ex));
      }
      check.completeOnTimeout(
              HealthCheckResult.unhealthy("health check timed out after " + options.timeout().toMillis() + " ms"),
              options.timeout().toNanos() * 2, TimeUnit.NANOSECONDS)
          .whenComplete((result, error) -> onResult(e, error != null
              ? HealthCheckResult.unhealthy("health check failed: " + error) : result));
    }

    private void onResult(Endpoint e, HealthCheckResult result) {
      if (stopped) {
        return;
      }
      Boolean flipped = null;
      if (result.healthy()) {
        failures = 0;
        passes++;
        if (!healthy && passes >= options.healthyThreshold()) {
          healthy = true;
          flipped = true;
        }
      } else {
        passes = 0;
        failures++;
        if (healthy && failures >= options.unhealthyThreshold()) {
          healthy = false;
          flipped = false;
        }
      }
      if (flipped != null) {
        String detail = result.detail() + " (" + (flipped ? passes + " passes" : failures + " failures") + " in a row)";
        try {
          listener.onHealthChange(e, flipped, detail);
        } catch (RuntimeException ex) {
          log.warn("health listener failed for {}", e, ex);
        }
      }
      scheduleNext(options.interval().toNanos() + jitterNanos());
    }
  }
}
