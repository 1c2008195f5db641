package dev.switchboard.config;

import java.util.Locale;

/**
 * The {@code balancing.*} keys of {@link CallPoliciesKeys} beside the policy name: zone, panic,
 * slow start, policy options, {@code balancing.health-check.*} and
 * {@code balancing.outlier-detection.*}. Stateless.
 */
final class BalancingKeys {
  private BalancingKeys() {}

  static void add(ConfigTable.Builder<PolicyDraft> t) {
    t.text("balancing.zone", "none", "the caller's zone: traffic prefers endpoints of this zone",
        (d, v) -> d.balancing.zone(v));
    t.integer("balancing.zone-spillover-threshold-percent", "70",
        "stay in the zone while at least this % of its endpoints are healthy", (d, v) -> d.balancing.zoneSpilloverThresholdPercent(v));
    t.integer("balancing.panic-threshold-percent", "50", "below this % healthy, balance over all endpoints; 0 disables",
        (d, v) -> d.balancing.panicThresholdPercent(v));
    t.duration("balancing.slow-start-window", "30s", "ramp-up of new or readmitted endpoints; 0 disables",
        (d, v) -> d.balancing.slowStartWindow(v));
    t.integer("balancing.slow-start-min-weight-percent", "10", "the weight a ramping endpoint starts from, 1..100",
        (d, v) -> d.balancing.slowStartMinWeightPercent(v));
    t.duration("balancing.peak-ewma-decay", "10s", "time constant of the latency average (peak_ewma)",
        (d, v) -> d.balancing.peakEwmaDecay(v));
    t.duration("balancing.peak-ewma-default-rtt", "30ms", "latency assumed before an endpoint's first answer",
        (d, v) -> d.balancing.peakEwmaDefaultRtt(v));
    t.integer("balancing.ring-hash-points-per-weight", "128", "ring_hash: points per unit of weight, 1..10000",
        (d, v) -> d.balancing.ringHashPointsPerWeight(v));
    t.integer("balancing.ring-hash-max-ring-size", "1048576", "ring_hash: the largest ring",
        (d, v) -> d.balancing.ringHashMaxRingSize(v));
    healthCheck(t);
    outlierDetection(t);
  }

  private static void healthCheck(ConfigTable.Builder<PolicyDraft> t) {
    String p = "balancing.health-check.";
    t.bool(p + "enabled", "false (true when another health-check key is set)", "active health checking",
        (d, v) -> d.healthEnabled = v);
    t.key(new ConfigKey(p + "type", "http | tcp", "http", "HTTP GET of a path, or a TCP connect"), (d, raw) -> {
      String type = raw.trim().toLowerCase(Locale.ROOT);
      if (!type.equals("http") && !type.equals("tcp")) {
        throw new IllegalArgumentException("must be http or tcp");
      }
      d.healthTouched = true;
      d.healthType = type;
    });
    t.text(p + "path", "/health", "http: the path checked", (d, v) -> { d.healthTouched = true; d.healthPath = v; });
    t.integer(p + "expected-status", "200", "http: the status that means healthy",
        (d, v) -> { d.healthTouched = true; d.healthStatus = v; });
    t.duration(p + "interval", "5s", "time between checks of one endpoint", (d, v) -> d.health(b -> b.interval(v)));
    t.duration(p + "jitter", "500ms", "random extra delay added to each interval", (d, v) -> d.health(b -> b.jitter(v)));
    t.duration(p + "timeout", "1s", "a check slower than this fails", (d, v) -> d.health(b -> b.timeout(v)));
    t.integer(p + "healthy-threshold", "2", "passes in a row that make an endpoint healthy",
        (d, v) -> d.health(b -> b.healthyThreshold(v)));
    t.integer(p + "unhealthy-threshold", "3", "failures in a row that make it unhealthy",
        (d, v) -> d.health(b -> b.unhealthyThreshold(v)));
  }

  private static void outlierDetection(ConfigTable.Builder<PolicyDraft> t) {
    String p = "balancing.outlier-detection.";
    t.bool(p + "enabled", "true", "passive outlier ejection; false never ejects", (d, v) -> d.outlierEnabled = v);
    t.integer(p + "consecutive-failures", "5", "server faults in a row that eject; 0 disables",
        (d, v) -> d.outlier.consecutiveFailures(v));
    t.duration(p + "interval", "10s", "how often the interval triggers run", (d, v) -> d.outlier.interval(v));
    t.duration(p + "base-ejection-time", "30s", "an ejection lasts this times the ejections so far",
        (d, v) -> d.outlier.baseEjectionTime(v));
    t.duration(p + "max-ejection-time", "300s", "the longest ejection", (d, v) -> d.outlier.maxEjectionTime(v));
    t.integer(p + "max-ejection-percent", "10", "at most this % of endpoints ejected (at least one may be)",
        (d, v) -> d.outlier.maxEjectionPercent(v));
    t.decimal(p + "success-rate-stdev-factor", "1.9", "eject below mean - factor x stdev of success rate; 0 disables",
        (d, v) -> d.outlier.successRateStdevFactor(v));
    t.integer(p + "success-rate-minimum-hosts", "5", "hosts needed for the success-rate trigger",
        (d, v) -> d.outlier.successRateMinimumHosts(v));
    t.integer(p + "success-rate-request-volume", "100", "requests per host needed in the interval",
        (d, v) -> d.outlier.successRateRequestVolume(v));
    t.integer(p + "failure-percentage-threshold", "0", "eject at this % of failures, 1..100; 0 disables",
        (d, v) -> d.outlier.failurePercentageThreshold(v));
    t.integer(p + "failure-percentage-minimum-hosts", "5", "hosts needed for the failure-percentage trigger",
        (d, v) -> d.outlier.failurePercentageMinimumHosts(v));
    t.integer(p + "failure-percentage-request-volume", "50", "requests per host needed in the interval",
        (d, v) -> d.outlier.failurePercentageRequestVolume(v));
    t.decimal(p + "latency-factor", "3.0", "eject above this multiple of the peers' median latency; 0 disables",
        (d, v) -> d.outlier.latencyFactor(v));
    t.integer(p + "latency-minimum-hosts", "3", "hosts needed for the latency trigger",
        (d, v) -> d.outlier.latencyMinimumHosts(v));
    t.integer(p + "latency-request-volume", "20", "requests per host needed in the interval",
        (d, v) -> d.outlier.latencyRequestVolume(v));
    t.integer(p + "latency-intervals", "2", "intervals in a row an endpoint must be slow before ejection",
        (d, v) -> d.outlier.latencyIntervals(v));
    t.duration(p + "latency-minimum", "10ms", "latency gaps below this never eject", (d, v) -> d.outlier.latencyMinimum(v));
  }
}
