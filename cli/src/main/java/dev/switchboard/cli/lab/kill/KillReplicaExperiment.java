package dev.switchboard.cli.lab.kill;

import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.Timeline;
import dev.switchboard.cli.lab.report.CsvTable;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import dev.switchboard.cli.lab.report.SvgChart;
import dev.switchboard.cli.naive.NaiveHttpClient;
import dev.switchboard.cli.replica.ReplicaProcess;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code lab kill-replica}: three user-service replicas run as separate JVMs; under steady load one
 * is killed with SIGKILL. The seed's naive client and Switchboard with its defaults call the same
 * replicas side by side. Measured over time: failed calls, p99, and requests still sent to the dead
 * replica.
 */
public final class KillReplicaExperiment implements Experiment {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final int REPLICAS = 3;
  private static final int CALLERS = 4;
  private static final String ENVOY = "Envoy outlier detection (consecutive_5xx)";

  /** One client, its callers and what they saw. */
  static final class Arm implements TelemetryListener {
    final String name;
    final Timeline timeline;
    final String dead;
    final long killAt;
    final AtomicLong toDeadAfterKill = new AtomicLong();
    final AtomicLong lastToDead = new AtomicLong(-1);
    final AtomicLong failedAfterKill = new AtomicLong();
    final AtomicLong ejectedAt = new AtomicLong(-1);

    Arm(String name, Timeline timeline, String dead, long killAt) {
      this.name = name;
      this.timeline = timeline;
      this.dead = dead;
      this.killAt = killAt;
    }

    void attempt(String address) {
      long now = System.nanoTime();
      timeline.attempt(now, address);
      if (address.equals(dead) && now >= killAt) {
        toDeadAfterKill.incrementAndGet();
        lastToDead.accumulateAndGet(now, Math::max);
      }
    }

    void call(long start, boolean ok) {
      timeline.call(start, System.nanoTime(), ok);
      if (!ok && start >= killAt) {
        failedAfterKill.incrementAndGet();
      }
    }

    @Override
    public void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
      attempt(endpoint.address());
    }

    @Override
    public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
      if (endpoint.address().equals(dead)) {
        ejectedAt.compareAndSet(-1, System.nanoTime());
      }
    }
  }

  @Override
  public String name() {
    return "kill-replica";
  }

  @Override
  public String description() {
    return "3 replica processes, one killed with SIGKILL under load: failures, p99 and traffic to it over time";
  }

  @Override
  public LabReport run(LabContext ctx) throws Exception {
    Duration length = ctx.scaledMillis(30_000, 3_000);
    Duration warmUp = ctx.scaledMillis(3_000, 1_000);
    Duration bucket = Duration.ofMillis(length.toMillis() >= 20_000 ? 500 : 250);
    List<ReplicaProcess.Spec> specs = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      specs.add(new ReplicaProcess.Spec(Duration.ofMillis(1), Duration.ofMillis(3), ctx.seed() * 10 + i));
    }
    List<ReplicaProcess> replicas = ReplicaProcess.startAll(specs);
    try {
      ReplicaProcess victim = replicas.get(REPLICAS - 1);
      List<String> addresses = replicas.stream().map(ReplicaProcess::address).toList();
      ctx.log("%d replica processes (pids %s); pid %d killed at %.1f s of %.1f s; %d callers per client",
          REPLICAS, replicas.stream().map(r -> Long.toString(r.pid())).toList(), victim.pid(),
          length.toMillis() * 0.4 / 1000, length.toMillis() / 1000.0, CALLERS);
      long measureFrom = System.nanoTime() + warmUp.toNanos();
      long killAt = measureFrom + length.toNanos() * 2 / 5;
      Arm naive = new Arm("naive", new Timeline(measureFrom, bucket, length), victim.address(), killAt);
      Arm sb = new Arm("switchboard", new Timeline(measureFrom, bucket, length), victim.address(), killAt);
      NaiveHttpClient naiveClient = new NaiveHttpClient(addresses.stream().map(a -> "http://" + a).toList(), TIMEOUT,
          NaiveHttpClient.SEED_MAX_RETRIES, (url, status, nanos) -> naive.attempt(url.substring("http://".length())));
      // Switchboard's defaults: target and timeout only; the listener observes.
      try (HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().name("users")
          .target("static:" + String.join(",", addresses)).timeout(TIMEOUT).telemetry(sb).build())) {
        long end = measureFrom + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
          threads.add(caller("naive-" + c, end, measureFrom, path -> naiveClient.get(path).ok(), naive));
          threads.add(caller("switchboard-" + c, end, measureFrom,
              path -> client.request("GET", path).exchange().isSuccessful(), sb));
        }
        threads.forEach(Thread::start);
        long sleep = (killAt - System.nanoTime()) / 1_000_000;
        if (sleep > 0) {
          Thread.sleep(sleep); // the experiment's schedule, not a test wait
        }
        victim.kill();
        ctx.log("killed pid %d at +%.2f s", victim.pid(), (System.nanoTime() - measureFrom) / 1e9);
        for (Thread t : threads) {
          t.join(length.toMillis() + warmUp.toMillis() + 8 * TIMEOUT.toMillis());
        }
      }
      return report(List.of(naive, sb), measureFrom, killAt, length);
    } finally {
      replicas.forEach(ReplicaProcess::close);
    }
  }

  @FunctionalInterface
  interface Call {
    boolean call(String path) throws Exception;
  }

  private static Thread caller(String name, long end, long measureFrom, Call call, Arm arm) {
    Thread t = new Thread(() -> {
      for (long i = 0; System.nanoTime() < end; i++) {
        long start = System.nanoTime();
        boolean ok;
        try {
          ok = call.call("/users/" + (i % 2 == 0 ? "123" : "124"));
        } catch (InterruptedException e) {
          return;
        } catch (ServiceCallException | java.io.IOException e) {
          ok = false;
        } catch (Exception e) {
          ok = false;
        }
        if (start >= measureFrom) {
          arm.call(start, ok);
        }
      }
    }, "kill-" + name);
    t.setDaemon(true);
    return t;
  }

  private static LabReport report(List<Arm> arms, long measureFrom, long killAt, Duration length) {
    CsvTable timeline = new CsvTable("timeline", "client", "t_s", "calls", "failed", "p99_ms", "attempts",
        "attempts_to_killed");
    CsvTable summary = new CsvTable("summary", "client", "calls_after_kill_failed", "requests_to_killed_after_kill",
        "last_request_to_killed_ms_after_kill", "ejected_ms_after_kill");
    SvgChart failures = SvgChart.line("Failed calls per time bucket", "seconds", "failed calls");
    SvgChart p99 = SvgChart.line("p99 latency per time bucket (log scale)", "seconds", "ms").logY();
    SvgChart toDead = SvgChart.line("Share of requests sent to the killed replica", "seconds", "% of requests");
    LabReport report = new LabReport("Lab: a replica process killed under load");
    double killSeconds = (killAt - measureFrom) / 1e9;
    for (Arm arm : arms) {
      List<Timeline.Bucket> buckets = arm.timeline.buckets();
      double[] t = new double[buckets.size()];
      double[] failed = new double[buckets.size()];
      double[] tail = new double[buckets.size()];
      double[] dead = new double[buckets.size()];
      for (int i = 0; i < buckets.size(); i++) {
        Timeline.Bucket b = buckets.get(i);
        t[i] = arm.timeline.midSeconds(i);
        failed[i] = b.calls() - b.ok();
        tail[i] = b.percentileMillis(99);
        dead[i] = b.sharePercent(arm.dead);
        timeline.row(arm.name, arm.timeline.startSeconds(i), b.calls(), b.calls() - b.ok(), tail[i], b.attempts(),
            b.attemptsTo(arm.dead));
      }
      failures.series(arm.name, t, failed);
      p99.series(arm.name, t, tail);
      toDead.series(arm.name, t, dead);
      long last = arm.lastToDead.get();
      double lastMs = last < 0 ? 0 : (last - killAt) / 1e6;
      double ejectedMs = arm.ejectedAt.get() < 0 ? Double.NaN : (arm.ejectedAt.get() - killAt) / 1e6;
      summary.row(arm.name, arm.failedAfterKill.get(), arm.toDeadAfterKill.get(), lastMs, ejectedMs);
      boolean stillSending = last >= measureFrom + length.toNanos() * 9 / 10;
      boolean isNaive = arm.name.equals("naive");
      report.finding(new Finding("requests to the killed replica after the kill, " + arm.name,
          arm.toDeadAfterKill.get() + (stillSending ? " (still sending at the end)"
              : String.format(Locale.ROOT, " (the last %.0f ms after the kill)", lastMs)),
          isNaive ? "- (no ejection)" : "5 consecutive failures, then ejected for 30 s", isNaive ? "-" : ENVOY));
      report.finding(new Finding("failed calls after the kill, " + arm.name, Long.toString(arm.failedAfterKill.get()),
          "0 once the kill has happened: a refused connection never reached a server, so it is safe to retry",
          "gRPC A6 (transparent retry)"));
    }
    return report
        .paragraph(String.format(Locale.ROOT, "%d user-service replicas run as separate JVMs (ProcessBuilder, same"
            + " classpath) answering in 1-3 ms. Two clients call them side by side, %d closed-loop callers each: the"
            + " seed's naive client (round robin, timeout 1 s, 3 immediate retries) and Switchboard with its defaults"
            + " (target and timeout only). At %.1f s of the %.1f s run one replica is killed with SIGKILL"
            + " (Process.destroyForcibly): no shutdown, the kernel resets its connections and refuses new ones.",
            REPLICAS, CALLERS, killSeconds, length.toMillis() / 1000.0))
        .chart(failures, "Calls that failed, by the time they started. The kill is at " + String.format(Locale.ROOT,
            "%.1f s.", killSeconds))
        .chart(toDead, "Share of each client's requests that went to the replica that was killed: a third before"
            + " the kill; after it, what a client keeps sending into refused connections.")
        .chart(p99, "p99 latency of the calls that started in each bucket.")
        .table(summary, true)
        .table(timeline, false)
        .source("Envoy, outlier detection: consecutive_5xx, \"the number of consecutive 5xx responses or local origin"
            + " errors that are mapped to 5xx error codes before a consecutive 5xx ejection occurs. Defaults to 5\";"
            + " base ejection time 30 s; max ejection 10% but at least one host.",
            "https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto")
        .source("gRPC A6, client retries: RPCs that never left the client (transparent retry) are always safe to"
            + " retry.", "https://github.com/grpc/proposal/blob/master/A6-client-retries.md");
  }
}
