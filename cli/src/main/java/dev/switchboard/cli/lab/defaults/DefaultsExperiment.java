package dev.switchboard.cli.lab.defaults;

import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.defaults.ConnectionScenarios.BlackHoleResult;
import dev.switchboard.cli.lab.defaults.ConnectionScenarios.RetryAfterResult;
import dev.switchboard.cli.lab.defaults.HungAndOutageScenarios.ChainResult;
import dev.switchboard.cli.lab.defaults.HungAndOutageScenarios.HungResult;
import dev.switchboard.cli.lab.defaults.HungAndOutageScenarios.OutageResult;
import dev.switchboard.cli.lab.report.CsvTable;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import dev.switchboard.cli.lab.report.SvgChart;
import dev.switchboard.policy.RetryBudgetPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code lab defaults}: issue 17's scenarios, each with Switchboard's defaults (a target and a 1 s
 * timeout, nothing else) and, where it shows what changed, beside the closest configuration to the
 * defaults before it: one hung replica of 11 from a cold start (defaults, and each balancer), a
 * total outage, a three-layer chain over a dead leaf, one replica answering 429 with
 * {@code Retry-After}, a replica killed under load, and a black-holed endpoint. 10,000 calls per
 * run at full size.
 */
public final class DefaultsExperiment implements Experiment {
  private static final String ISSUE = "issue 17 goal";

  @Override
  public String name() {
    return "defaults";
  }

  @Override
  public String description() {
    return "issue 17's scenarios with defaults only: hung replica, outage, 3-layer chain, Retry-After, kill, black hole";
  }

  @Override
  public LabReport run(LabContext ctx) throws Exception {
    int calls = ctx.scaled(10_000, 500);
    ctx.log("%d calls per run, 8 callers, 1 s timeout; each run has its own servers and a fresh (cold) client", calls);
    // An unmeasured run first: the JIT's warm-up would otherwise slow whichever arm comes first.
    HungAndOutageScenarios.hung("warm-up", Math.min(calls, 2_000), b -> b);
    List<HungResult> hung = new ArrayList<>();
    hung.add(HungAndOutageScenarios.hung("defaults (least_request)", calls, b -> b));
    for (String balancer : List.of("peak_ewma", "round_robin", "weighted_round_robin", "random", "ring_hash")) {
      hung.add(HungAndOutageScenarios.hung(balancer, calls, b -> b.balancer(balancer)));
    }
    hung.add(HungAndOutageScenarios.hung("round_robin, no hedging, no throttle", calls,
        HungAndOutageScenarios::before));
    hung.forEach(h -> ctx.log("hung replica, %s: %.3f%% success", h.arm(), h.loop().successPercent()));
    List<OutageResult> outages = List.of(
        HungAndOutageScenarios.outage("defaults (budget + throttle)", calls, RetryBudgetPolicy.defaults()),
        HungAndOutageScenarios.outage("before: budget only", calls, RetryBudgetPolicy.builder().noThrottle().build()));
    outages.forEach(o -> ctx.log("outage, %s: %.3f requests per call", o.arm(), (double) o.requests() / calls));
    List<ChainResult> chains = List.of(
        HungAndOutageScenarios.chain("defaults (budget + throttle)", calls, RetryBudgetPolicy.defaults()),
        HungAndOutageScenarios.chain("before: budget only", calls, RetryBudgetPolicy.builder().noThrottle().build()));
    chains.forEach(c -> ctx.log("chain, %s: %.3f leaf requests per top call", c.arm(), (double) c.leaf() / calls));
    List<RetryAfterResult> splits = List.of(ConnectionScenarios.retryAfter(null, calls),
        ConnectionScenarios.retryAfter("round_robin", calls), ConnectionScenarios.retryAfter("random", calls),
        ConnectionScenarios.retryAfter("peak_ewma", calls));
    splits.forEach(r -> ctx.log("Retry-After, %s: %d / %d", r.balancer(), r.first(), r.second()));
    ClosedLoop kill = ConnectionScenarios.kill(calls);
    ctx.log("kill one of three under load: %d of %d calls failed", kill.failed.get(), kill.total());
    BlackHoleResult hole = ConnectionScenarios.blackHole(calls);
    ctx.log("black hole: %d of %d calls failed, out of rotation after %d ms", hole.loop().failed.get(),
        hole.loop().total(), hole.outAfterMillis());
    return report(calls, hung, outages, chains, splits, kill, hole);
  }

  private static LabReport report(int calls, List<HungResult> hung, List<OutageResult> outages,
      List<ChainResult> chains, List<RetryAfterResult> splits, ClosedLoop kill, BlackHoleResult hole) {
    CsvTable hungTable = new CsvTable("hung", "arm", "calls", "failed", "success_pct", "hung_replica_attempts",
        "p50_ms", "p99_ms", "p99_9_ms", "seconds", "failures");
    SvgChart success = SvgChart.bars("Calls that failed with one hung replica of 11, cold start", "failed calls",
        hung.stream().map(HungResult::arm).toList());
    double[] failed = new double[hung.size()];
    for (int i = 0; i < hung.size(); i++) {
      HungResult h = hung.get(i);
      ClosedLoop l = h.loop();
      hungTable.row(h.arm(), l.total(), l.failed.get(), l.successPercent(), h.hungAttempts(), l.millis(50),
          l.millis(99), l.millis(99.9), l.elapsedNanos / 1e9, l.failures().toString());
      failed[i] = l.failed.get();
    }
    success.bars("failed calls", failed);
    CsvTable outageTable = new CsvTable("outage", "arm", "calls", "requests", "requests_per_call");
    outages.forEach(o -> outageTable.row(o.arm(), o.loop().total(), o.requests(), (double) o.requests() / o.loop().total()));
    CsvTable chainTable = new CsvTable("chain", "arm", "top_calls", "frontend_requests", "backend_requests",
        "leaf_requests", "leaf_per_top_call");
    chains.forEach(c -> chainTable.row(c.arm(), c.loop().total(), c.frontend(), c.backend(), c.leaf(),
        (double) c.leaf() / c.loop().total()));
    CsvTable splitTable = new CsvTable("retry_after", "balancer", "calls", "failed", "pushing_back_requests",
        "healthy_1_requests", "healthy_2_requests", "healthy_1_share_pct");
    splits.forEach(r -> splitTable.row(r.balancer(), r.loop().total(), r.loop().failed.get(), r.pushingBack(),
        r.first(), r.second(), r.firstShare()));
    CsvTable faults = new CsvTable("connection_faults", "scenario", "calls", "failed", "out_of_rotation_after_ms",
        "attempts_to_faulty");
    faults.row("one of three replicas killed under load", kill.total(), kill.failed.get(), "", "");
    faults.row("a black-holed endpoint among four replicas", hole.loop().total(), hole.loop().failed.get(),
        hole.outAfterMillis(), hole.attemptsToHole());
    HungResult defaults = hung.get(0);
    return new LabReport("Lab: Switchboard's defaults in issue 17's scenarios")
        .finding(new Finding("success with one hung replica of 11, cold start, defaults",
            pct(defaults.loop().successPercent()), ">= 99.99% (before: 94.7%)", ISSUE))
        .finding(new Finding("requests per call in a total outage, defaults",
            num((double) outages.get(0).requests() / calls), "<= 1.05 (before: 1.25)", ISSUE))
        .finding(new Finding("leaf requests per top call, three layers, leaf down, defaults",
            num((double) chains.get(0).leaf() / calls), "<= 1.10 (before: 1.30)", ISSUE))
        .finding(new Finding("share of the first healthy replica while a third sends Retry-After, defaults",
            pct(splits.get(0).firstShare()), "50% (before, round robin: 67%, 4,108 vs 2,056)", ISSUE))
        .finding(new Finding("calls lost when one of three replicas dies under load",
            Integer.toString(kill.failed.get()), "0", ISSUE))
        .finding(new Finding("a black-holed endpoint: calls lost, time until out of rotation",
            hole.loop().failed.get() + ", " + hole.outAfterMillis() + " ms", "0, within about a second", ISSUE))
        .paragraph(String.format(Locale.ROOT, "Each run starts its own loopback servers and a fresh client configured"
            + " with a target and a 1 s timeout only (the arms named otherwise change only what they say), and"
            + " makes %d calls with 8 closed-loop callers. The hung replica accepts every request and never"
            + " answers, from the first call on, so the client has no latency history and no ejection yet (a"
            + " cold start). The outage and chain leaves answer 503 to everything; in the chain every service is"
            + " behind Switchboard's server filters. One replica of three answers 429 with Retry-After: 2. The"
            + " killed replica is closed (every connection dropped, the port refused) after a third of the"
            + " calls. The black hole is a port whose connects hang.", calls))
        .chart(success, "Calls that did not get an answer within the 1 s timeout, per arm (of " + calls + ").")
        .table(hungTable, true)
        .table(outageTable, true)
        .table(chainTable, true)
        .table(splitTable, true)
        .table(faults, true)
        .source("Switchboard issue 17, \"Defaults that survive a hung replica and an outage, with no"
            + " configuration\": the measured failures of the previous defaults and the goals.", "docs/BENCHMARKS.md");
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.3f%%", v);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
