package dev.switchboard.benchmarks;

import dev.switchboard.cli.lab.tail.TailAtScaleRun;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * "The Tail at Scale" (Dean and Barroso, CACM 2013) on real loopback sockets: replicas answer in
 * 1–5 ms, but 1% of replies take 1 s. The same load runs with no hedging, a fixed 10 ms hedge
 * delay, an adaptive p95 delay, and the adaptive delay with the destination's retry budget (which
 * hedges pay from) cut to 5% of calls; for each it prints p50, p99, p99.9 and the extra requests the
 * replicas received. The scenario itself is {@link TailAtScaleRun}, shared with
 * {@code switchboard lab tail-at-scale}, which adds charts and an HTML report.
 *
 * <p>Run (after {@code ./mvnw -q package -pl benchmarks -am -DskipTests}):
 * {@code java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.TailAtScale [calls] [callers] [replicas]}
 * (defaults 20000, 16, 5).
 */
public final class TailAtScale {
  private static final int WARM_UP_CALLS = 2_000;

  private TailAtScale() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int replicaCount = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    PrintWriter out = new PrintWriter(System.out, true);
    out.printf("Tail at Scale: %d replicas answering in 1-5 ms, 1%% of replies take 1 s; "
        + "%d calls per mode, %d concurrent callers; load average %s%n", replicaCount, calls, callers, loadAverage());
    List<TailAtScaleRun.Result> results = new ArrayList<>();
    // Every lost hedge closes its connection; leave room for the server threads to notice late.
    try (ScriptedServers replicas = ScriptedServers.start(replicaCount,
        ScriptedServer.builder().maxConnections(4096))) {
      for (TailAtScaleRun.Mode mode : TailAtScaleRun.standardModes()) {
        results.add(TailAtScaleRun.run(mode, replicas, calls, callers, WARM_UP_CALLS, 0, out));
      }
    }
    out.printf("%n%-14s %8s %8s %9s %9s %10s %8s %7s %7s %8s %12s %12s%n", "mode", "p50 ms", "p99 ms", "p99.9 ms",
        "max ms", "extra req", "extra %", "won", "errors", "secs", "over 100 ms", "over 900 ms");
    for (TailAtScaleRun.Result r : results) {
      Histogram h = r.latency();
      long extra = r.serverRequests() - r.calls();
      out.printf("%-14s %8.1f %8.1f %9.1f %9.1f %10d %7.2f%% %7d %7d %8.1f %12d %12d%n", r.mode().name(),
          ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
          ms(h.getMaxValue()), extra, r.extraPercent(), r.won(), r.errors(), r.elapsed().toMillis() / 1000.0,
          countAbove(h, 100), countAbove(h, 900));
    }
    out.printf("load average at the end: %s%n", loadAverage());
  }

  private static long countAbove(Histogram h, long millis) {
    return h.getTotalCount() - h.getCountBetweenValues(0, TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "n/a";
    }
  }
}
