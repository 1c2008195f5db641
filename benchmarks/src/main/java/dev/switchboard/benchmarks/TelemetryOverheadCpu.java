package dev.switchboard.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link TelemetryOverheadBenchmark}'s calls timed in the calling thread's CPU time rather than wall
 * time, for a machine shared with other work: time the thread spends descheduled does not count,
 * so the per-call difference between listeners stays readable under load (cache and memory
 * contention from other processes still inflate both sides). Single-threaded, bounded: each
 * listener is warmed up with {@code 2 x calls} calls, then {@code rounds} rounds each time {@code
 * calls} calls per listener, the listeners interleaved; the median round counts.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.TelemetryOverheadCpu [calls] [rounds]</pre>
 */
public final class TelemetryOverheadCpu {
  private TelemetryOverheadCpu() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<String> names = List.of("noop", "micrometer", "opentelemetry", "both");
    TelemetryOverheadBenchmark[] benches = new TelemetryOverheadBenchmark[names.size()];
    for (int l = 0; l < benches.length; l++) {
      benches[l] = new TelemetryOverheadBenchmark();
      benches[l].listener = names.get(l);
      benches[l].setUp();
      for (int i = 0; i < calls * 2; i++) { // warm-up
        benches[l].call();
      }
    }
    // Rounds interleave the listeners, so a burst of load elsewhere hits them all alike.
    double[][] perCall = new double[benches.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int l = 0; l < benches.length; l++) {
        long start = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          benches[l].call();
        }
        perCall[l][r] = (mx.getCurrentThreadCpuTime() - start) / (double) calls;
      }
    }
    System.out.printf(Locale.ROOT, "%-14s %12s %12s %12s%n", "listener", "cpu ns/call", "min", "vs noop");
    double noop = median(perCall[0]);
    for (int l = 0; l < benches.length; l++) {
      double median = median(perCall[l]);
      System.out.printf(Locale.ROOT, "%-14s %12.0f %12.0f %+12.0f%n", names.get(l), median,
          Arrays.stream(perCall[l]).min().orElseThrow(), median - noop);
      benches[l].tearDown();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
