package dev.switchboard.balancer.internal;

import dev.switchboard.health.OutlierDetectionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The interval-based outlier triggers: success rate, failure percentage and latency, computed over
 * the outcomes each endpoint recorded since the previous interval [Envoy outlier detection,
 * gRPC A50]. Pure control-side logic: it reads {@link dev.switchboard.balancer.EndpointStats}
 * counters, updates each {@link EndpointHealth}'s snapshot, and returns who should be ejected and
 * why; the balancer applies the max-ejection bound.
 */
final class OutlierDetector {
  /** One ejection proposal. */
  record Verdict(EndpointHealth endpoint, String reason) {}

  private final OutlierDetectionPolicy o;

  OutlierDetector(OutlierDetectionPolicy options) {
    this.o = options;
  }

  List<Verdict> evaluate(Collection<EndpointHealth> endpoints, long now) {
    List<EndpointHealth> admitted = new ArrayList<>();
    List<long[]> counts = new ArrayList<>(); // {successes, failures} in this interval
    for (EndpointHealth h : endpoints) {
      long s = h.stats.successes();
      long f = h.stats.failures();
      long ds = s - h.lastSuccesses;
      long df = f - h.lastFailures;
      h.lastSuccesses = s;
      h.lastFailures = f;
      if (!h.ejected) {
        admitted.add(h);
        counts.add(new long[] {ds, df});
      }
    }
    List<Verdict> out = new ArrayList<>();
    if (o.successRateStdevFactor() > 0) {
      successRate(admitted, counts, out);
    }
    if (o.failurePercentageThreshold() > 0) {
      failurePercentage(admitted, counts, out);
    }
    if (o.latencyFactor() > 0) {
      latency(admitted, counts, now, out);
    }
    return out;
  }

  /** A host must also be at least this far (1 percentage point) below its peers' mean. */
  static final double MIN_SUCCESS_RATE_GAP = 0.01;

  private void successRate(List<EndpointHealth> hs, List<long[]> counts, List<Verdict> out) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < hs.size(); i++) {
      if (total(counts.get(i)) >= o.successRateRequestVolume()) {
        idx.add(i);
      }
    }
    if (idx.size() < o.successRateMinimumHosts()) {
      return;
    }
    double sum = 0;
    for (int i : idx) {
      sum += rate(counts.get(i));
    }
    double mean = sum / idx.size();
    double var = 0;
    for (int i : idx) {
      double d = rate(counts.get(i)) - mean;
      var += d * d;
    }
    double stdev = Math.sqrt(var / idx.size());
    // Envoy's rule alone (mean - factor x stdev) ejects a host for one failure in a thousand when
    // its peers had none: the outlier itself is the whole spread. Also require a real gap.
    double threshold = Math.min(mean - o.successRateStdevFactor() * stdev, mean - MIN_SUCCESS_RATE_GAP);
    for (int i : idx) {
      double r = rate(counts.get(i));
      if (r < threshold) {
        out.add(new Verdict(hs.get(i), String.format(Locale.ROOT,
            "success rate %.1f%% below %.1f%% (peers' mean %.1f%% - %.1f x stdev %.1f%%)",
            r * 100, threshold * 100, mean * 100, o.successRateStdevFactor(), stdev * 100)));
      }
    }
  }

  private void failurePercentage(List<EndpointHealth> hs, List<long[]> counts, List<Verdict> out) {
    int qualified = 0;
    for (long[] c : counts) {
      if (total(c) >= o.failurePercentageRequestVolume()) {
        qualified++;
      }
    }
    if (qualified < o.failurePercentageMinimumHosts()) {
      return;
    }
    for (int i = 0; i < hs.size(); i++) {
      long[] c = counts.get(i);
      if (total(c) >= o.failurePercentageRequestVolume()) {
        double pct = 100.0 * c[1] / total(c);
        if (pct >= o.failurePercentageThreshold()) {
          out.add(new Verdict(hs.get(i), String.format(Locale.ROOT, "%.1f%% of %d requests failed (threshold %d%%)",
              pct, total(c), o.failurePercentageThreshold())));
        }
      }
    }
  }

  private void latency(List<EndpointHealth> hs, List<long[]> counts, long now, List<Verdict> out) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < hs.size(); i++) {
      if (total(counts.get(i)) >= o.latencyRequestVolume() && hs.get(i).stats.hasLatencySample()) {
        idx.add(i);
      } else {
        hs.get(i).latencyStrikes = 0; // too little traffic to judge; "stays" means consecutive intervals
      }
    }
    if (idx.size() < o.latencyMinimumHosts()) {
      idx.forEach(i -> hs.get(i).latencyStrikes = 0);
      return;
    }
    double[] ewma = new double[idx.size()];
    for (int k = 0; k < ewma.length; k++) {
      ewma[k] = hs.get(idx.get(k)).stats.peakEwmaNanos(now, 0);
    }
    double[] sorted = ewma.clone();
    Arrays.sort(sorted);
    int m = sorted.length;
    double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    double floor = o.latencyMinimum().toNanos();
    for (int k = 0; k < ewma.length; k++) {
      EndpointHealth h = hs.get(idx.get(k));
      if (ewma[k] > o.latencyFactor() * median && ewma[k] > floor) {
        if (++h.latencyStrikes >= o.latencyIntervals()) {
          h.latencyStrikes = 0;
          out.add(new Verdict(h, String.format(Locale.ROOT,
              "latency EWMA %.1f ms above %.1f x the peers' median %.1f ms for %d intervals",
              ewma[k] / 1e6, o.latencyFactor(), median / 1e6, o.latencyIntervals())));
        }
      } else {
        h.latencyStrikes = 0;
      }
    }
  }

  private static long total(long[] c) {
    return c[0] + c[1];
  }

  private static double rate(long[] c) {
    return (double) c[0] / total(c);
  }
}
