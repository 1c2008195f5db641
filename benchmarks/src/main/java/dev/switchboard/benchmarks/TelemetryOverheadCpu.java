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
 * contention from other processes still inflate both sides). Single-threaded, bounded:
 * {@code rounds} rounds of {@code calls} calls per listener after as many warm-up calls.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.TelemetryOverheadCpu [calls] [rounds]</pre>
 */
public final class TelemetryOverheadCpu {
  private TelemetryOverheadCpu() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double noop = Double.NaN;
    System.out.printf(Locale.ROOT, "%-14s %12s %12s %12s%n", "listener", "cpu ns/call", "min", "vs noop");
    for (String listener : List.of("noop", "micrometer", "opentelemetry", "both")) {
      TelemetryOverheadBenchmark b = new TelemetryOverheadBenchmark();
      b.listener = listener;
      b.setUp();
      try {
        for (int i = 0; i < calls * 2; i++) {
          b.call();
        }
        double[] perCall = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          long start = mx.getCurrentThreadCpuTime();
          for (int i = 0; i < calls; i++) {
            b.call();
          }
          perCall[r] = (mx.getCurrentThreadCpuTime() - start) / (double) calls;
        }
        Arrays.sort(perCall);
        double median = perCall[rounds / 2];
        if (listener.equals("noop")) {
          noop = median;
        }
        System.out.printf(Locale.ROOT, "%-14s %12.0f %12.0f %+12.0f%n", listener, median, perCall[0], median - noop);
      } finally {
        b.tearDown();
      }
    }
  }
}
