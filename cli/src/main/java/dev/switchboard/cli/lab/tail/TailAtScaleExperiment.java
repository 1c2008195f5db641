package dev.switchboard.cli.lab.tail;

import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.report.CsvTable;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import dev.switchboard.cli.lab.report.SvgChart;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code lab tail-at-scale}: 1% of replies take 1 s; latency by percentile without hedging, with a
 * fixed 10 ms hedge and with an adaptive (p95) one, and the extra requests each costs, beside Dean
 * and Barroso's 1,800 → 74 ms for 2% more requests.
 */
public final class TailAtScaleExperiment implements Experiment {
  static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
  private static final String PAPER = "Dean & Barroso, The Tail at Scale (CACM 2013)";

  @Override
  public String name() {
    return "tail-at-scale";
  }

  @Override
  public String description() {
    return "1% of replies take 1 s: latency without and with hedging, and its extra load (Dean & Barroso)";
  }

  @Override
  public LabReport run(LabContext ctx) throws Exception {
    int calls = ctx.scaled(20_000, 300);
    int warmUp = ctx.scaled(2_000, 100);
    int callers = 16;
    int replicaCount = 5;
    ctx.log("%d replicas answering in 1-5 ms, 1%% of replies take 1 s; %d calls per mode from %d callers"
        + " (after %d unmeasured)", replicaCount, calls, callers, warmUp);
    List<TailAtScaleRun.Result> results = new ArrayList<>();
    // Every lost hedge closes its connection; leave room for the server threads to notice late.
    try (ScriptedServers replicas = ScriptedServers.start(replicaCount, ScriptedServer.builder().maxConnections(4096))) {
      for (TailAtScaleRun.Mode mode : TailAtScaleRun.standardModes()) {
        results.add(TailAtScaleRun.run(mode, replicas, calls, callers, warmUp, ctx.seed(), ctx.log()));
      }
    }
    return report(results, calls, callers, replicaCount);
  }

  private static LabReport report(List<TailAtScaleRun.Result> results, int calls, int callers, int replicas) {
    CsvTable summary = new CsvTable("summary", "mode", "calls", "errors", "p50_ms", "p99_ms", "p99_9_ms", "max_ms",
        "calls_over_900ms", "server_requests", "extra_requests_pct", "hedges_issued", "hedges_won", "hedges_refused",
        "seconds");
    CsvTable percentiles = new CsvTable("percentiles", "mode", "percentile", "latency_ms");
    SvgChart curve = SvgChart.line("Call latency by percentile (log scale)", "percentile", "latency (ms)").logY()
        .percentileTicks(50, 90, 99, 99.9, 99.99);
    List<String> modes = results.stream().map(r -> r.mode().name()).toList();
    double[] p999 = new double[results.size()];
    double[] extra = new double[results.size()];
    for (int m = 0; m < results.size(); m++) {
      TailAtScaleRun.Result r = results.get(m);
      summary.row(r.mode().name(), r.calls(), r.errors(), r.percentileMillis(50), r.percentileMillis(99),
          r.percentileMillis(99.9), r.latency().getMaxValue() / 1e6, overMillis(r, 900), r.serverRequests(),
          r.extraPercent(), r.issued(),
          r.won(), r.refused(), r.elapsed().toMillis() / 1000.0);
      double[] xs = new double[PERCENTILES.length];
      double[] ys = new double[PERCENTILES.length];
      for (int i = 0; i < PERCENTILES.length; i++) {
        xs[i] = SvgChart.percentileX(PERCENTILES[i]);
        ys[i] = r.percentileMillis(PERCENTILES[i]);
        percentiles.row(r.mode().name(), PERCENTILES[i], ys[i]);
      }
      curve.series(r.mode().name(), xs, ys);
      p999[m] = r.percentileMillis(99.9);
      extra[m] = r.extraPercent();
    }
    TailAtScaleRun.Result none = results.get(0);
    TailAtScaleRun.Result fixed = results.get(1);
    TailAtScaleRun.Result adaptive = results.get(2);
    LabReport report = new LabReport("Lab: The Tail at Scale (hedged requests)")
        .finding(new Finding("p99.9 latency, no hedging", ms(none.percentileMillis(99.9)), "1,800 ms", PAPER))
        .finding(new Finding("p99.9 latency, hedge after a fixed 10 ms", ms(fixed.percentileMillis(99.9)), "74 ms", PAPER))
        .finding(new Finding("extra requests, fixed 10 ms hedge", pct(fixed.extraPercent()), "+2%", PAPER))
        .finding(new Finding("p99.9 latency, hedge after the p95 latency", ms(adaptive.percentileMillis(99.9)),
            "\"substantially shortening the latency tail\"", PAPER))
        .finding(new Finding("extra requests, p95 hedge", pct(adaptive.extraPercent()), "about +5%", PAPER));
    report.paragraph(String.format(Locale.ROOT, "%d replicas on loopback answer GET /work after 1-5 ms, except that"
        + " 1%% of replies (seeded draws, the same for every mode) take 1 s. %d closed-loop callers make %d calls per"
        + " mode through one HttpServiceClient. A hedge is a second copy of a slow call sent to another replica; the"
        + " first answer wins and the other is aborted on the wire. Extra load is what the replicas received beyond"
        + " one request per call.", replicas, callers, calls))
        .paragraph("The paper's figure is for a different shape of work: a request that reads 1,000 keys from 100"
            + " BigTable servers and waits for all of them, so its unhedged tail (1,800 ms) is set by the slowest of"
            + " many reads. Here one call is one read, so the unhedged p99.9 is the injected 1 s. What carries over is"
            + " the effect: a hedge after a short delay removes the slow tail for a few percent more requests.")
        .chart(curve, "Latency at each percentile for each mode. Without hedging the slowest 1% of calls take the"
            + " injected 1 s; hedging leaves only calls whose first copy and hedge were both slow.")
        .chart(SvgChart.bars("p99.9 latency by mode (log scale)", "ms", modes).logY().bars("p99.9", p999),
            "The 99.9th percentile per mode.")
        .chart(SvgChart.bars("Extra requests by mode", "% of calls", modes).bars("extra requests", extra),
            "Requests the replicas received beyond one per call (hedges, and hedges of hedges refused by the budget"
            + " are not sent).")
        .table(summary, true)
        .table(percentiles, false)
        .source("Jeffrey Dean and Luiz André Barroso, \"The Tail at Scale\", Communications of the ACM 56(2), 2013:"
            + " hedged requests after 10 ms cut the p99.9 of a 1,000-key read from 1,800 ms to 74 ms for 2% more"
            + " requests; deferring the hedge to the p95 latency limits the extra load to about 5%.",
            "https://cacm.acm.org/research/the-tail-at-scale/");
    return report;
  }

  /** Calls slower than {@code millis}: the ones that waited for an injected 1 s reply. */
  static long overMillis(TailAtScaleRun.Result r, long millis) {
    return r.latency().getTotalCount() - r.latency().getCountBetweenValues(0, millis * 1_000_000);
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String pct(double percent) {
    return String.format(Locale.ROOT, "%+.2f%%", percent);
  }
}
