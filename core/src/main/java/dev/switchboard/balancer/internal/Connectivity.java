package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.health.ConnectivityPolicy;
import dev.switchboard.health.HealthCheckResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectivity rules of {@link ConnectivityPolicy} for one balancer: takes endpoints whose
 * connections fail out of rotation, probes them after a gRPC-style reconnect backoff and brings
 * them back when a probe connects; probes an endpoint whose attempts time out, so a black-holed
 * one (connect never completes) leaves while a hung one (connects, never answers) stays with
 * outlier detection.
 *
 * <p><b>Threading:</b> every method runs under the owning {@link HealthAwareBalancer}'s monitor;
 * a probe's result re-enters through {@link Owner#onProbeResult}, which takes that monitor.
 */
final class Connectivity {
  private static final Logger log = LoggerFactory.getLogger(Connectivity.class);

  /** The balancer side: called back with a probe's result (takes the balancer's monitor). */
  interface Owner {
    void onProbeResult(EndpointHealth h, int generation, HealthCheckResult result);
  }

  private final BalancerContext context;
  private final ConnectivityPolicy policy;
  private final Owner owner;

  Connectivity(BalancerContext context, Owner owner) {
    this.context = context;
    this.policy = context.options().connectivity();
    this.owner = owner;
  }

  boolean enabled() {
    return policy.enabled();
  }

  /**
   * An attempt on {@code h} failed at the connection ({@code connectionFailed}) or timed out.
   * Returns true when {@code h} left rotation (the picker must be rebuilt).
   */
  boolean onSuspect(EndpointHealth h, boolean connectionFailed, long now) {
    if (!h.connectable) {
      return false; // already out; its signal is re-armed when it reconnects
    }
    if (connectionFailed) {
      takeOut(h, "an attempt's connection failed", now);
      return true;
    }
    if (!h.probing) {
      probe(h); // does it still accept connections? A failed probe takes it out
    }
    return false;
  }

  /**
   * A probe of {@code h} answered. Returns true when rotation changed: a connectable endpoint failed
   * its probe (taken out), or a not-connectable one passed (back in).
   */
  boolean onProbeResult(EndpointHealth h, int generation, HealthCheckResult result, long now) {
    if (generation != h.probeGeneration) {
      return false; // stale: the endpoint left or another probe superseded this one
    }
    h.probing = false;
    h.probeTimer = null;
    if (h.connectable) {
      if (result.healthy()) {
        h.stats.rearmConnectivitySignal(); // it accepts connections: a hung endpoint is outlier detection's
        return false;
      }
      takeOut(h, result.detail(), now);
      return true;
    }
    if (!result.healthy()) {
      h.connectDetail = result.detail();
      scheduleProbe(h, policy.nextBackoff(h.reconnectBackoff));
      return false;
    }
    h.connectable = true;
    h.successesAtReconnect = h.stats.successes();
    h.stats.rearmConnectivitySignal();
    log.info("{}: {} accepts connections again ({})", context.service(), h.endpoint, result.detail());
    safely(() -> context.telemetry().onHealthChange(context.service(), h.endpoint, true,
        "reconnected: " + result.detail()));
    return true;
  }

  private void takeOut(EndpointHealth h, String reason, long now) {
    h.connectable = false;
    h.connectDetail = reason;
    boolean workedSince = h.reconnectBackoff == null || h.stats.successes() > h.successesAtReconnect;
    Duration backoff = workedSince ? policy.initialBackoff() : policy.nextBackoff(h.reconnectBackoff);
    long wait = scheduleProbe(h, backoff);
    log.warn("{}: {} is not connectable ({}); reconnect probe in {} ms", context.service(), h.endpoint, reason,
        TimeUnit.NANOSECONDS.toMillis(wait));
    safely(() -> context.telemetry().onHealthChange(context.service(), h.endpoint, false,
        "not connectable: " + reason + "; reconnect probe in " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms"));
  }

  /** Schedules the next reconnect probe after {@code backoff} ± jitter; returns the wait in nanoseconds. */
  private long scheduleProbe(EndpointHealth h, Duration backoff) {
    h.reconnectBackoff = backoff;
    double j = policy.jitter();
    long wait = Math.max(1, (long) (backoff.toNanos() * (1 - j + 2 * j * context.random().nextDouble())));
    cancelProbe(h);
    int generation = h.probeGeneration;
    try {
      h.probeTimer = context.timer().schedule(() -> probeOnTimer(h, generation), wait, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("reconnect probe of {} not scheduled: timer shut down", h.endpoint);
    }
    return wait;
  }

  private void probeOnTimer(EndpointHealth h, int generation) {
    synchronized (owner) {
      if (generation == h.probeGeneration) {
        probe(h);
      }
    }
  }

  /** Starts a probe of {@code h}; its result reaches {@link Owner#onProbeResult}. */
  private void probe(EndpointHealth h) {
    cancelProbe(h);
    h.probing = true;
    int generation = h.probeGeneration;
    long timeout = policy.probeTimeout().toNanos();
    CompletableFuture<HealthCheckResult> check;
    try {
      check = policy.checker().check(h.endpoint, policy.probeTimeout());
    } catch (RuntimeException e) { // the SPI says never throw; a buggy checker must not stop the loop
      check = CompletableFuture.completedFuture(HealthCheckResult.unhealthy("probe threw " + e));
    }
    CompletableFuture<HealthCheckResult> result = check.exceptionally(e -> HealthCheckResult.unhealthy("probe failed: " + e));
    try { // the timeout runs on the balancer's timer, so tests on a fake clock decide it too
      context.timer().schedule(() -> result.complete(HealthCheckResult.unhealthy(
          "connect probe timed out after " + policy.probeTimeout().toMillis() + " ms")), timeout, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("probe timeout of {} not scheduled: timer shut down", h.endpoint);
    }
    result.thenAccept(r -> owner.onProbeResult(h, generation, r));
  }

  private static void cancelProbe(EndpointHealth h) {
    if (h.probeTimer != null) {
      h.probeTimer.cancel();
      h.probeTimer = null;
    }
    h.probeGeneration++;
    h.probing = false;
  }

  private void safely(Runnable telemetry) {
    try {
      telemetry.run();
    } catch (RuntimeException e) {
      log.warn("telemetry listener failed", e);
    }
  }
}
