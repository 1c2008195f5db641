package dev.switchboard.benchmarks;

import dev.switchboard.client.ServiceConfig;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.testing.LatencyDistribution;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServer;
import dev.switchboard.testing.ScriptedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * "The Tail at Scale" (Dean and Barroso, CACM 2013) on real loopback sockets: replicas answer in
 * 1–5 ms, but 1% of replies take 1 s. The same load runs with no hedging, a fixed 10 ms hedge
 * delay, an adaptive p95 delay, and the adaptive delay with the destination's retry budget (which
 * hedges pay from) cut to 5% of calls; for each it prints p50, p99, p99.9 and the extra requests the
 * replicas received. Bounded: a fixed number of calls per mode, and each mode stops after
 * {@link #MODE_TIME_CAP} whatever is left.
 *
 * <p>Run (after {@code ./mvnw -q package -pl benchmarks -am -DskipTests}):
 * {@code java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.TailAtScale [calls] [callers] [replicas]}
 * (defaults 20000, 16, 5).
 */
public final class TailAtScale {
  private static final Duration MODE_TIME_CAP = Duration.ofMinutes(3);
  private static final int WARM_UP_CALLS = 2_000;

  record Mode(String name, HedgingPolicy hedging, RetryBudgetPolicy budget) {}

  record Result(Mode mode, long calls, long errors, Histogram latency, long serverRequests, long issued,
      long won, Duration elapsed) {}

  /** Counts hedge events of the measured phase. */
  static final class HedgeCounter implements TelemetryListener {
    final AtomicLong issued = new AtomicLong();
    final AtomicLong won = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final org.HdrHistogram.ConcurrentHistogram hedgeLatency = new org.HdrHistogram.ConcurrentHistogram(3);
    final org.HdrHistogram.ConcurrentHistogram firstLatency = new org.HdrHistogram.ConcurrentHistogram(3);

    @Override
    public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration latency, ServiceCallException error) {
      if (error == null) {
        (attempt > 1 ? hedgeLatency : firstLatency).recordValue(latency.toNanos());
      }
    }

    @Override
    public void onRetryRefused(CallInfo call, String reason, ServiceCallException cause) {
      if (reason.startsWith("hedge refused")) {
        refused.incrementAndGet();
      }
    }

    @Override
    public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
      if (event == HedgeEvent.ISSUED) {
        issued.incrementAndGet();
      } else if (event == HedgeEvent.WON) {
        won.incrementAndGet();
      }
    }

    void reset() {
      issued.set(0);
      won.set(0);
      refused.set(0);
      hedgeLatency.reset();
      firstLatency.reset();
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int replicaCount = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    RetryBudgetPolicy fivePercent = RetryBudgetPolicy.builder().ratio(0.05).minRetriesPerSecond(0).build();
    List<Mode> modes = List.of(
        new Mode("no hedging", HedgingPolicy.disabled(), RetryBudgetPolicy.defaults()),
        new Mode("fixed 10 ms", HedgingPolicy.fixed(Duration.ofMillis(10)), RetryBudgetPolicy.defaults()),
        new Mode("adaptive p95", HedgingPolicy.adaptive(95), RetryBudgetPolicy.defaults()),
        new Mode("p95, budget 5%", HedgingPolicy.adaptive(95), fivePercent));
    System.out.printf("Tail at Scale: %d replicas answering in 1-5 ms, 1%% of replies take 1 s; "
        + "%d calls per mode, %d concurrent callers; load average %s%n", replicaCount, calls, callers, loadAverage());
    List<Result> results = new ArrayList<>();
    // Every lost hedge closes its connection; leave room for the server threads to notice late.
    try (ScriptedServers replicas = ScriptedServers.start(replicaCount,
        ScriptedServer.builder().maxConnections(4096))) {
      for (Mode mode : modes) {
        results.add(run(mode, replicas, calls, callers));
      }
    }
    System.out.printf("%n%-14s %8s %8s %9s %9s %10s %8s %7s %7s %8s%n", "mode", "p50 ms", "p99 ms", "p99.9 ms",
        "max ms", "extra req", "extra %", "won", "errors", "secs");
    for (Result r : results) {
      Histogram h = r.latency();
      long extra = r.serverRequests() - r.calls();
      System.out.printf("%-14s %8.1f %8.1f %9.1f %9.1f %10d %7.2f%% %7d %7d %8.1f%n", r.mode().name(),
          ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
          ms(h.getMaxValue()), extra, 100.0 * extra / r.calls(), r.won(), r.errors(), r.elapsed().toMillis() / 1000.0);
    }
    System.out.printf("load average at the end: %s%n", loadAverage());
  }

  static Result run(Mode mode, ScriptedServers replicas, int calls, int callers) throws InterruptedException {
    for (int i = 0; i < replicas.size(); i++) { // the same seeded draws for every mode
      LatencyDistribution latency = LatencyDistribution.mostly(
          LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(5), 1000 + i), 0.01,
          LatencyDistribution.fixed(Duration.ofSeconds(1)), 2000 + i);
      replicas.get(i).route("GET", "/work").reply(Reply.ok("done").latency(latency));
    }
    HedgeCounter hedges = new HedgeCounter();
    ServiceConfig config = ServiceConfig.builder().name("replicas").target(replicas.staticTarget())
        .timeout(Duration.ofSeconds(5)).hedgingPolicy(mode.hedging()).retryBudget(mode.budget())
        .telemetry(hedges).build();
    try (HttpServiceClient client = new HttpServiceClient(config)) {
      load(client, Math.min(WARM_UP_CALLS, calls), callers, new Histogram(3), new AtomicLong()); // JIT, pools, histogram
      replicas.clear();
      hedges.reset();
      Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      AtomicLong errors = new AtomicLong();
      long start = System.nanoTime();
      long done = load(client, calls, callers, latency, errors);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      long served = replicas.totalRequestCount();
      System.out.printf("%-14s done: %d calls in %.1f s, %d requests served, %d hedges issued, %d refused by"
          + " the budget, hedge delay at the end %s; p99.5 %.1f ms, p99.99 %.1f ms, calls over 100 ms: %d,"
          + " over 900 ms: %d%n",
          mode.name(), done, elapsed.toMillis() / 1000.0, served, hedges.issued.get(), hedges.refused.get(),
          client.policies().hedgeDelay().map(d -> d.current().toNanos() / 1000 + " us").orElse("-"),
          ms(latency.getValueAtPercentile(99.5)), ms(latency.getValueAtPercentile(99.99)),
          countAbove(latency, 100), countAbove(latency, 900));
      System.out.printf("  answered attempts: first p50 %.1f p95 %.1f p99 %.1f ms; hedges p50 %.1f p95 %.1f p99 %.1f ms%n",
          ms(hedges.firstLatency.getValueAtPercentile(50)), ms(hedges.firstLatency.getValueAtPercentile(95)),
          ms(hedges.firstLatency.getValueAtPercentile(99)), ms(hedges.hedgeLatency.getValueAtPercentile(50)),
          ms(hedges.hedgeLatency.getValueAtPercentile(95)), ms(hedges.hedgeLatency.getValueAtPercentile(99)));
      return new Result(mode, done, errors.get(), latency, served, hedges.issued.get(), hedges.won.get(), elapsed);
    }
  }

  /** {@code callers} threads make {@code calls} blocking calls in all; returns how many were made. */
  static long load(HttpServiceClient client, int calls, int callers, Histogram into, AtomicLong errors)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    long capNanos = System.nanoTime() + MODE_TIME_CAP.toNanos();
    List<Histogram> perCaller = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      Histogram mine = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      perCaller.add(mine);
      Thread thread = new Thread(() -> {
        while (next.getAndIncrement() < calls && System.nanoTime() < capNanos) {
          long s = System.nanoTime();
          try {
            client.request("GET", "/work").exchange();
          } catch (RuntimeException e) {
            if (errors.incrementAndGet() <= 3) {
              System.out.println("error: " + e.getMessage());
            }
          }
          mine.recordValue(Math.min(System.nanoTime() - s, TimeUnit.SECONDS.toNanos(10)));
        }
      }, "caller-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join(MODE_TIME_CAP.toMillis() + 10_000);
    }
    long total = 0;
    for (Histogram h : perCaller) {
      into.add(h);
      total += h.getTotalCount();
    }
    return total;
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
