package dev.switchboard.cli.lab.hung;

import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.OpenLoop;
import dev.switchboard.cli.lab.Timeline;
import dev.switchboard.cli.lab.report.CsvTable;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import dev.switchboard.cli.lab.report.SvgChart;
import dev.switchboard.cli.replica.UserReplies;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.LatencyDistribution;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import dev.switchboard.testing.SeededRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * {@code lab hung-replica}: Linkerd's "Beyond Round Robin" experiment on loopback. Eleven replicas
 * answer in about 167 ms; for the middle half of the run one of them takes 2 s; callers give up
 * after 1 s. One open-loop client per balancer (round robin, least request, peak EWMA) runs at the
 * same time against the same replicas, without retries, as in the original. Measured: each
 * balancer's success rate and the stuck replica's share of its traffic over time.
 */
public final class HungReplicaExperiment implements Experiment {
  static final List<String> BALANCERS = List.of("round_robin", "least_request", "peak_ewma");
  private static final int REPLICAS = 11;
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration STUCK = Duration.ofSeconds(2);
  private static final String LINKERD = "Linkerd, Beyond Round Robin (2016)";

  @Override
  public String name() {
    return "hung-replica";
  }

  @Override
  public String description() {
    return "one of 11 replicas stuck at 2 s: success rate and its traffic share per balancer (Linkerd)";
  }

  /** One balancer's client and what it saw. */
  private static final class Arm implements TelemetryListener {
    final String balancer;
    final Timeline timeline;
    final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(60_000_000, 3);
    final java.util.Queue<String> ejections = new java.util.concurrent.ConcurrentLinkedQueue<>();
    long measureFrom;
    HttpServiceClient client;

    Arm(String balancer, Timeline timeline) {
      this.balancer = balancer;
      this.timeline = timeline;
    }

    @Override
    public void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
      timeline.attempt(System.nanoTime(), endpoint.address());
    }

    @Override
    public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
      ejections.add(String.format(Locale.ROOT, "%s ejected %s at %+.1f s for %d s: %s", balancer, endpoint.address(),
          (System.nanoTime() - measureFrom) / 1e9, duration.toSeconds(), reason));
    }

    CompletableFuture<?> call(long measureFrom, int n) {
      long start = System.nanoTime();
      return client.request("GET", "/users/" + (n % 2 == 0 ? "123" : "124")).exchangeAsync()
          .handle((response, error) -> {
            long end = System.nanoTime();
            if (start >= measureFrom) {
              timeline.call(start, end, error == null);
              latencyMicros.recordValue(Math.min(60_000_000, Math.max(1, (end - start) / 1000)));
            }
            return null;
          });
    }
  }

  @Override
  public LabReport run(LabContext ctx) throws Exception {
    Duration length = ctx.scaledMillis(60_000, 4_000);
    Duration warmUp = ctx.scaledMillis(4_000, 1_000);
    int rate = ctx.quick() ? 150 : 300;
    Duration bucket = Duration.ofMillis(length.toMillis() >= 30_000 ? 2_000 : 500);
    ctx.log("%d replicas (about 167 ms each), replica 1 takes %d s from %.1f s to %.1f s; %d calls/s per balancer for"
        + " %.0f s (after %.0f s unmeasured), timeout %d ms, no retries", REPLICAS, STUCK.toSeconds(),
        length.toMillis() / 4000.0, length.toMillis() * 3 / 4000.0, rate, length.toMillis() / 1000.0,
        warmUp.toMillis() / 1000.0, TIMEOUT.toMillis());
    List<Arm> arms = new ArrayList<>();
    try (ScriptedServers replicas = ScriptedServers.start(REPLICAS, ScriptedServer.builder().maxConnections(4096))) {
      long measureFrom = System.nanoTime() + warmUp.toNanos();
      long stuckFrom = measureFrom + length.toNanos() / 4;
      long stuckUntil = measureFrom + length.toNanos() * 3 / 4;
      for (int i = 0; i < REPLICAS; i++) {
        SeededRandom random = new SeededRandom(ctx.seed() * 100 + i);
        // "a median of 167ms, a standard deviation of 5ms": Gaussian draws, seeded per replica
        LatencyDistribution normal = () -> Duration.ofNanos(1000 * Math.max(1, Math.round(167_000 + 5_000 * random.nextGaussian())));
        boolean hung = i == 0;
        UserReplies.serve(replicas.get(i), request -> {
          long now = System.nanoTime();
          boolean stuck = hung && now >= stuckFrom && now < stuckUntil;
          return stuck ? UserReplies.answer(request).delay(STUCK) : UserReplies.answer(request).latency(normal);
        });
      }
      List<Supplier<CompletableFuture<?>>> drivers = new ArrayList<>();
      int[] n = new int[1];
      for (String balancer : BALANCERS) {
        Arm arm = new Arm(balancer, new Timeline(measureFrom, bucket, length));
        arm.measureFrom = measureFrom;
        // Only what the experiment varies is set: the balancer; no retries and a 1 s timeout, as in the original.
        arm.client = new HttpServiceClient(ServiceConfig.builder().name("users-" + balancer)
            .target(replicas.staticTarget()).balancer(balancer).timeout(TIMEOUT).maxRetries(0).telemetry(arm).build());
        arms.add(arm);
        drivers.add(() -> arm.call(measureFrom, n[0]++));
      }
      try {
        OpenLoop.run(drivers, rate, warmUp.plus(length), TIMEOUT.plusSeconds(2));
      } finally {
        arms.forEach(a -> a.client.close());
      }
      return report(arms, replicas.get(0).endpointAddress(), length, rate);
    }
  }

  private static LabReport report(List<Arm> arms, String hung, Duration length, int rate) {
    CsvTable timeline = new CsvTable("timeline", "balancer", "t_s", "calls", "successes", "success_pct", "attempts",
        "hung_attempts", "hung_share_pct", "p99_ms");
    CsvTable summary = new CsvTable("summary", "balancer", "calls", "success_pct", "success_pct_while_stuck",
        "hung_share_while_stuck_pct", "p50_ms", "p99_ms", "p99_9_ms");
    SvgChart success = SvgChart.line("Success rate over time (1 s timeout)", "seconds", "% of calls answered in time");
    SvgChart share = SvgChart.line("Stuck replica's share of attempts over time", "seconds", "% of attempts");
    LabReport report = new LabReport("Lab: one stuck replica of eleven (load balancing for latency)");
    List<double[]> rows = new ArrayList<>();
    for (Arm arm : arms) {
      List<Timeline.Bucket> buckets = arm.timeline.buckets();
      double[] t = new double[buckets.size()];
      double[] ok = new double[buckets.size()];
      double[] sh = new double[buckets.size()];
      long calls = 0;
      long good = 0;
      long stuckCalls = 0;
      long stuckGood = 0;
      long stuckAttempts = 0;
      long stuckToHung = 0;
      for (int i = 0; i < buckets.size(); i++) {
        Timeline.Bucket b = buckets.get(i);
        t[i] = arm.timeline.midSeconds(i);
        ok[i] = b.successPercent();
        sh[i] = b.sharePercent(hung);
        timeline.row(arm.balancer, arm.timeline.startSeconds(i), b.calls(), b.ok(), ok[i], b.attempts(),
            b.attemptsTo(hung), sh[i], b.percentileMillis(99));
        calls += b.calls();
        good += b.ok();
        boolean whileStuck = t[i] >= length.toMillis() / 4000.0 && t[i] < length.toMillis() * 3 / 4000.0;
        if (whileStuck) {
          stuckCalls += b.calls();
          stuckGood += b.ok();
          stuckAttempts += b.attempts();
          stuckToHung += b.attemptsTo(hung);
        }
      }
      success.series(arm.balancer, t, ok);
      share.series(arm.balancer, t, sh);
      double[] row = {pct(good, calls), pct(stuckGood, stuckCalls), pct(stuckToHung, stuckAttempts),
          ms(arm, 50), ms(arm, 99), ms(arm, 99.9)};
      rows.add(row);
      summary.row(arm.balancer, calls, row[0], row[1], row[2], row[3], row[4], row[5]);
    }
    String[] published = {"about 95%", "about 99% (least loaded)", "about 99.9%"};
    for (int i = 0; i < arms.size(); i++) {
      report.finding(new Finding("success rate, " + arms.get(i).balancer, String.format(Locale.ROOT, "%.2f%%",
          rows.get(i)[0]), published[i], LINKERD));
    }
    for (int i = 0; i < arms.size(); i++) {
      report.finding(new Finding("stuck replica's share of attempts while stuck, " + arms.get(i).balancer,
          String.format(Locale.ROOT, "%.2f%%", rows.get(i)[2]), i == 0 ? "1/11 = 9.09% (round robin)" : "-", LINKERD));
    }
    SvgChart curve = SvgChart.line("Call latency by percentile (log scale)", "percentile", "latency (ms)").logY()
        .percentileTicks(50, 90, 95, 99, 99.9);
    double[] ps = {50, 75, 90, 95, 97, 99, 99.5, 99.9};
    for (Arm arm : arms) {
      double[] xs = new double[ps.length];
      double[] ys = new double[ps.length];
      for (int i = 0; i < ps.length; i++) {
        xs[i] = SvgChart.percentileX(ps[i]);
        ys[i] = ms(arm, ps[i]);
      }
      curve.series(arm.balancer, xs, ys);
    }
    return report
        .paragraph(String.format(Locale.ROOT, "%d replicas on loopback answer GET /users/{id} after a Gaussian"
            + " latency (mean 167 ms, standard deviation 5 ms, seeded). From %.0f%% to %.0f%% of the %.0f s run, replica"
            + " %s takes %d s for every answer. One open-loop client per balancer sends %d calls per second to the same"
            + " replicas at the same time, with a 1 s timeout and no retries (so a call to the stuck replica fails)."
            + " Everything else is Switchboard's default for each client, including outlier detection.", REPLICAS,
            25.0, 75.0, length.toMillis() / 1000.0, hung, STUCK.toSeconds(), rate))
        .paragraph("The original ran 11 Finagle backends replaying production latency at 1000 qps from one client"
            + " for one minute, with one backend fixed at 2 s for 30 s, and read success rates off the latency"
            + " distribution at a 1 s timeout. Switchboard's least_request is power-of-two-choices over in-flight"
            + " requests, close to Finagle's least loaded.")
        .paragraph("Unlike the original, every client here also has Switchboard's default outlier detection, whatever"
            + " its balancer; its checks can eject the stuck replica even under round robin, and the share chart shows"
            + " when. Ejections during this run (time from the start of the measured run):")
        .list(ejections(arms))
        .chart(success, "Share of calls answered within the 1 s timeout, per time bucket.")
        .chart(share, "Share of each balancer's attempts that went to the stuck replica; round robin keeps sending"
            + " it 1/11 of the traffic.")
        .chart(curve, "Latency by percentile over the whole run, as in the original's chart (timeouts count at 1 s).")
        .table(summary, true)
        .table(timeline, false)
        .source("Steve Jenson and Ruben Oanta, \"Beyond Round Robin: Load Balancing for Latency\", Linkerd blog,"
            + " 2016-03-16: with one of 11 servers at 2 s for 30 s of a minute and a 1 s timeout, success rates of"
            + " about 95% (round robin), 99% (least loaded) and 99.9% (peak EWMA).",
            "https://linkerd.io/2016/03/16/beyond-round-robin-load-balancing-for-latency/");
  }

  private static List<String> ejections(List<Arm> arms) {
    List<String> all = new ArrayList<>();
    arms.forEach(a -> all.addAll(a.ejections));
    return all.isEmpty() ? List.of("none") : all;
  }

  private static double ms(Arm arm, double percentile) {
    return arm.latencyMicros.getTotalCount() == 0 ? Double.NaN : arm.latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? Double.NaN : 100.0 * part / whole;
  }
}
