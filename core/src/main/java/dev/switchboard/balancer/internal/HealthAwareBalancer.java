package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.BalancerContext;
import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.balancer.LoadBalancer;
import dev.switchboard.balancer.Picker;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.health.OutlierDetectionPolicy;
import dev.switchboard.health.internal.ActiveHealthChecks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import dev.switchboard.time.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health layer every built-in policy shares: it owns each endpoint's health (active checks,
 * passive ejection, slow start), recomputes the eligible set whenever something changes, and
 * publishes a new immutable picker built from the policy's {@link PickRule}.
 *
 * <p><b>Threading:</b> all control work (discovery updates, health-check transitions, failure
 * streaks, the outlier interval, readmission timers) runs under this object's monitor, one event
 * at a time, mostly on the balancer's timer. The hot path only reads the volatile {@link #picker};
 * a failure streak reaches the control side through {@link EndpointStats}' hook, once per streak.
 */
final class HealthAwareBalancer implements LoadBalancer {
  private static final Logger log = LoggerFactory.getLogger(HealthAwareBalancer.class);
  /**
   * Endpoints that join within this time of the first non-empty update belong to the initial set
   * and start at full weight: discovery may deliver a set in pieces, and the gRPC adapter adds
   * each endpoint as its connection becomes ready. Later joiners ramp up (slow start).
   */
  static final long INITIAL_SET_GRACE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  private final BalancerContext context;
  private final BalancingPolicy options;
  private final OutlierDetectionPolicy outlier;
  private final OutlierDetector detector;
  private final PickerFactory factory;
  private final ActiveHealthChecks checks;
  private Map<String, EndpointHealth> health = new LinkedHashMap<>();
  private boolean seenEndpoints;
  private long firstEndpointsNanos;
  private boolean panicking;
  private boolean closed;
  private Timer.Timeout intervalTask;
  private volatile Picker picker = Picker.unavailable("no endpoints discovered yet");

  HealthAwareBalancer(BalancerContext context, PickRule rule) {
    this.context = context;
    this.options = context.options();
    this.outlier = options.outlierDetection();
    this.detector = new OutlierDetector(outlier);
    this.factory = new PickerFactory(context, rule);
    this.checks = options.healthCheck()
        .map(o -> new ActiveHealthChecks(o, context.timer(), context.random(), this::onHealthChange))
        .orElse(null);
    context.stats().onConsecutiveFailures(outlier.consecutiveFailures(), this::onFailureStreak);
    if (outlier.enabled()) {
      scheduleInterval();
    }
  }

  @Override
  public synchronized void update(EndpointSet endpoints) {
    if (closed) {
      return;
    }
    context.stats().retain(endpoints);
    long now = context.ticker().nanoTime();
    Map<String, EndpointHealth> next = new LinkedHashMap<>();
    for (Endpoint e : endpoints.endpoints()) {
      EndpointHealth h = health.remove(e.address());
      if (h == null) {
        h = new EndpointHealth(e, context.stats().of(e));
        if (seenEndpoints && now - firstEndpointsNanos >= INITIAL_SET_GRACE_NANOS) {
          startRamp(h, now); // joins a serving set: ramp up rather than take a full share cold
        }
      }
      h.endpoint = e;
      next.put(e.address(), h);
    }
    health.values().forEach(EndpointHealth::cancelReadmission); // endpoints that left
    health = next;
    if (!seenEndpoints && !endpoints.isEmpty()) {
      seenEndpoints = true;
      firstEndpointsNanos = now;
    }
    if (checks != null) {
      checks.sync(endpoints.endpoints());
    }
    rebuild(now);
  }

  @Override
  public Picker picker() {
    return picker;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (intervalTask != null) {
      intervalTask.cancel();
    }
    if (checks != null) {
      checks.close();
    }
    health.values().forEach(EndpointHealth::cancelReadmission);
    context.stats().onConsecutiveFailures(0, null);
  }

  /**
   * Called on the failing call's thread, once per streak (the signal stays set until re-armed), so
   * the ejection is in place before that call's failure reaches its caller: the next call cannot
   * land on the endpoint. This is the only control work done on a calling thread, and it is rare.
   */
  private synchronized void onFailureStreak(EndpointStats stats) {
    EndpointHealth h = health.get(stats.address());
    if (closed || h == null || h.stats != stats || h.ejected) {
      return; // an ejected endpoint is re-armed on readmission
    }
    long now = context.ticker().nanoTime();
    if (eject(h, stats.consecutiveFailures() + " consecutive failures", now)) {
      rebuild(now);
    } else {
      stats.rearmFailureSignal(); // refused by the max-ejection bound: try again on the next failure
    }
  }

  private synchronized void onHealthChange(Endpoint endpoint, boolean healthy, String detail) {
    EndpointHealth h = health.get(endpoint.address());
    if (closed || h == null || h.activeHealthy == healthy) {
      return;
    }
    long now = context.ticker().nanoTime();
    h.activeHealthy = healthy;
    h.activeDetail = detail;
    log.info("{}: {} is now {} ({})", context.service(), endpoint, healthy ? "healthy" : "unhealthy", detail);
    safely(() -> context.telemetry().onHealthChange(context.service(), h.endpoint, healthy, detail));
    if (healthy && !h.ejected) {
      startRamp(h, now);
      safely(() -> context.telemetry().onReadmission(context.service(), h.endpoint));
    }
    rebuild(now);
  }

  /** Runs the interval triggers, readmits expired ejections and decays ejection counts. */
  synchronized void runInterval() {
    if (closed) {
      return;
    }
    long now = context.ticker().nanoTime();
    boolean changed = false;
    for (EndpointHealth h : health.values()) {
      if (h.ejected && now - h.ejectedUntilNanos >= 0) {
        readmit(h, now);
        changed = true;
      } else if (!h.ejected && h.ejections > 0 && now - h.lastDecayNanos >= outlier.interval().toNanos()) {
        h.ejections--; // gRPC A50: each whole interval admitted makes the next ejection shorter again
        h.lastDecayNanos = now;
      }
    }
    for (OutlierDetector.Verdict v : detector.evaluate(health.values(), now)) {
      changed |= !v.endpoint().ejected && eject(v.endpoint(), v.reason(), now);
    }
    if (changed) {
      rebuild(now);
    }
    scheduleInterval();
  }

  private void scheduleInterval() {
    if (closed) {
      return;
    }
    try {
      intervalTask = context.timer().schedule(this::runInterval, outlier.interval().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("outlier interval not scheduled: timer shut down");
    }
  }

  /** Ejects {@code h} unless the max-ejection bound forbids it. */
  private boolean eject(EndpointHealth h, String reason, long now) {
    int ejected = 0;
    for (EndpointHealth x : health.values()) {
      ejected += x.ejected ? 1 : 0;
    }
    int max = Math.max(1, health.size() * outlier.maxEjectionPercent() / 100);
    if (ejected >= max) {
      log.debug("{}: not ejecting {} ({}): {} of {} already ejected, max {}%", context.service(),
          h.endpoint, reason, ejected, health.size(), outlier.maxEjectionPercent());
      return false;
    }
    h.ejections++;
    Duration d = outlier.ejectionTime(h.ejections);
    h.ejected = true;
    h.ejectedUntilNanos = now + d.toNanos();
    h.ejectionReason = reason;
    h.rampStart = Candidates.NOT_RAMPING;
    h.cancelReadmission();
    String address = h.endpoint.address();
    try {
      h.readmission = context.timer().schedule(() -> readmitOnTimer(address, h), d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("readmission not scheduled: timer shut down; the interval will readmit");
    }
    log.warn("{}: ejecting {} for {} ms: {}", context.service(), h.endpoint, d.toMillis(), reason);
    safely(() -> context.telemetry().onEjection(context.service(), h.endpoint, reason, d));
    return true;
  }

  private synchronized void readmitOnTimer(String address, EndpointHealth h) {
    if (!closed && health.get(address) == h && h.ejected) {
      long now = context.ticker().nanoTime();
      readmit(h, now);
      rebuild(now);
    }
  }

  private void readmit(EndpointHealth h, long now) {
    h.ejected = false;
    h.readmission = null;
    h.lastDecayNanos = now;
    h.stats.resetConsecutiveFailures();
    h.latencyStrikes = 0;
    log.info("{}: readmitting {} after ejection ({})", context.service(), h.endpoint, h.ejectionReason);
    if (h.activeHealthy) {
      startRamp(h, now);
      safely(() -> context.telemetry().onReadmission(context.service(), h.endpoint));
    }
  }

  private void startRamp(EndpointHealth h, long now) {
    if (!options.slowStartWindow().isZero()) {
      h.rampStart = now;
    }
  }

  private void rebuild(long now) {
    PickerFactory.Result r = factory.build(health.values(), now);
    if (r.panic() != panicking) {
      panicking = r.panic();
      if (panicking) {
        log.warn("{}: panic mode: fewer than {}% of {} endpoints healthy; balancing over all of them",
            context.service(), options.panicThresholdPercent(), health.size());
      } else {
        log.info("{}: leaving panic mode", context.service());
      }
    }
    picker = r.picker();
  }

  private void safely(Runnable telemetry) {
    try {
      telemetry.run();
    } catch (RuntimeException e) {
      log.warn("telemetry listener failed", e);
    }
  }

  /** True if the most recent picker was built in panic mode. For tests and diagnostics. */
  synchronized boolean panicking() {
    return panicking;
  }
}
