package dev.switchboard.balancer.internal;

import dev.switchboard.balancer.EndpointStats;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.time.Timer;

/**
 * Control-side health state of one endpoint: active-check verdict, passive ejection, slow-start
 * ramp and the outlier detector's per-interval snapshot. Mutable; touched only while holding the
 * {@link HealthAwareBalancer}'s lock.
 */
final class EndpointHealth {
  Endpoint endpoint;
  final EndpointStats stats;

  boolean activeHealthy = true;
  String activeDetail = "";

  boolean ejected;
  /** The current ejection is for latency (it counts against the latency bound, not the failure bound). */
  boolean latencyEjected;
  long ejectedUntilNanos;
  int ejections;
  String ejectionReason = "";
  Timer.Timeout readmission;
  /** When the ejection count last decayed (or the endpoint was readmitted). */
  long lastDecayNanos;

  long rampStart = Candidates.NOT_RAMPING;

  long lastSuccesses;
  long lastFailures;
  int latencyStrikes;
  long lastEnded;
  long lastLatencyNanos;

  /** False while connections to it fail: out of rotation until a reconnect probe succeeds. */
  boolean connectable = true;
  String connectDetail = "";
  /** The last reconnect backoff, or null before the first. */
  java.time.Duration reconnectBackoff;
  /** Successful attempts when it last became connectable: more since then resets the backoff. */
  long successesAtReconnect;
  /** Bumped whenever a probe is started or abandoned, so a stale probe result is ignored. */
  int probeGeneration;
  boolean probing;
  Timer.Timeout probeTimer;

  EndpointHealth(Endpoint endpoint, EndpointStats stats) {
    this.endpoint = endpoint;
    this.stats = stats;
    this.lastSuccesses = stats.successes();
    this.lastFailures = stats.failures();
    this.lastEnded = stats.ended();
    this.lastLatencyNanos = stats.totalLatencyNanos();
  }

  /** Not ejected, not failing active checks, and connectable. */
  boolean available() {
    return !ejected && activeHealthy && connectable;
  }

  /** Why this endpoint is unavailable, for {@code NO_ENDPOINTS} messages. */
  String why(long now) {
    StringBuilder sb = new StringBuilder(endpoint.address());
    if (ejected) {
      long leftMs = Math.max(0, (ejectedUntilNanos - now) / 1_000_000);
      sb.append(" ejected (").append(ejectionReason).append("), readmitted in ").append(leftMs).append(" ms");
    }
    if (!activeHealthy) {
      sb.append(ejected ? " and" : "").append(" failing its health check (").append(activeDetail).append(')');
    }
    if (!connectable) {
      sb.append(ejected || !activeHealthy ? " and" : "").append(" not connectable (").append(connectDetail).append(')');
    }
    return sb.toString();
  }

  /** Cancels every timer of this endpoint: it left discovery, or the balancer closed. */
  void cancelReadmission() {
    if (readmission != null) {
      readmission.cancel();
      readmission = null;
    }
    if (probeTimer != null) {
      probeTimer.cancel();
      probeTimer = null;
    }
    probeGeneration++;
    probing = false;
  }
}
