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

  EndpointHealth(Endpoint endpoint, EndpointStats stats) {
    this.endpoint = endpoint;
    this.stats = stats;
    this.lastSuccesses = stats.successes();
    this.lastFailures = stats.failures();
  }

  /** Neither ejected nor failing active checks. */
  boolean available() {
    return !ejected && activeHealthy;
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
    return sb.toString();
  }

  void cancelReadmission() {
    if (readmission != null) {
      readmission.cancel();
      readmission = null;
    }
  }
}
