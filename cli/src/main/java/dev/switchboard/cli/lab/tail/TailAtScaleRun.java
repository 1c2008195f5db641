package dev.switchboard.cli.lab.tail;

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
import dev.switchboard.testing.ScriptedServers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * "The Tail at Scale" (Dean and Barroso, CACM 2013) on real loopback sockets, shared by
 * {@code switchboard lab tail-at-scale} and the {@code TailAtScale} benchmark: replicas answer in
 * 1–5 ms but 1% of replies take 1 s; the same closed-loop load runs once per hedging {@link Mode},
 * measuring the callers' latency and the extra requests the replicas received. Bounded: a fixed
 * number of calls per mode, and each mode stops after {@link #MODE_TIME_CAP} whatever is left.
 */
public final class TailAtScaleRun {
  /** The longest one mode may run. */
  public static final Duration MODE_TIME_CAP = Duration.ofMinutes(3);
  private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** One way of calling: a hedging policy and the budget hedges pay from. */
  public record Mode(String name, HedgingPolicy hedging, RetryBudgetPolicy budget) {}

  /** What one mode measured. */
  public record Result(Mode mode, long calls, long errors, Histogram latency, long serverRequests, long issued,
      long won, long refused, Duration elapsed) {
    /** Requests the replicas received beyond one per call, in percent of calls. */
    public double extraPercent() {
      return calls == 0 ? 0 : 100.0 * (serverRequests - calls) / calls;
    }

    public double percentileMillis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }
  }

  private TailAtScaleRun() {}

  /** No hedging; a fixed 10 ms hedge (the paper's); adaptive p95; adaptive p95 paid from a 5% budget. */
  public static List<Mode> standardModes() {
    RetryBudgetPolicy fivePercent = RetryBudgetPolicy.builder().ratio(0.05).minRetriesPerSecond(0).build();
    return List.of(
        new Mode("no hedging", HedgingPolicy.disabled(), RetryBudgetPolicy.defaults()),
        new Mode("fixed 10 ms", HedgingPolicy.fixed(Duration.ofMillis(10)), RetryBudgetPolicy.defaults()),
        new Mode("adaptive p95", HedgingPolicy.adaptive(95), RetryBudgetPolicy.defaults()),
        new Mode("p95, budget 5%", HedgingPolicy.adaptive(95), fivePercent));
  }

  /** Scripts every replica: 1–5 ms, 1% of replies 1 s, the same seeded draws for every mode. */
  public static void script(ScriptedServers replicas, long seed) {
    for (int i = 0; i < replicas.size(); i++) {
      LatencyDistribution latency = LatencyDistribution.mostly(
          LatencyDistribution.uniform(Duration.ofMillis(1), Duration.ofMillis(5), seed + 1000 + i), 0.01,
          LatencyDistribution.fixed(Duration.ofSeconds(1)), seed + 2000 + i);
      replicas.get(i).route("GET", "/work").reply(Reply.ok("done").latency(latency));
    }
  }

  /** Runs {@code mode}: {@code warmUp} unmeasured calls, then {@code calls} measured ones. */
  public static Result run(Mode mode, ScriptedServers replicas, int calls, int callers, int warmUp, long seed,
      PrintWriter log) throws InterruptedException {
    script(replicas, seed);
    HedgeCounter hedges = new HedgeCounter();
    ServiceConfig config = ServiceConfig.builder().name("replicas").target(replicas.staticTarget())
        .timeout(Duration.ofSeconds(5)).hedgingPolicy(mode.hedging()).retryBudget(mode.budget())
        .telemetry(hedges).build();
    try (HttpServiceClient client = new HttpServiceClient(config)) {
      load(client, Math.min(warmUp, calls), callers, new Histogram(3), new AtomicLong(), log); // JIT, pools
      replicas.clear();
      hedges.reset();
      Histogram latency = new Histogram(MAX_NANOS, 3);
      AtomicLong errors = new AtomicLong();
      long start = System.nanoTime();
      long done = load(client, calls, callers, latency, errors, log);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      long served = replicas.totalRequestCount();
      log.printf("%-14s %d calls in %.1f s, %d requests served, %d hedges issued (%d won, %d refused by the budget),"
          + " hedge delay at the end %s; p99.9 %.1f ms%n", mode.name(), done, elapsed.toMillis() / 1000.0, served,
          hedges.issued.get(), hedges.won.get(), hedges.refused.get(),
          client.policies().hedgeDelay().map(d -> d.current().toNanos() / 1000 + " us").orElse("-"),
          latency.getValueAtPercentile(99.9) / 1e6);
      log.printf("  answered attempts: first p50 %.1f p99 %.1f ms; hedges p50 %.1f p99 %.1f ms%n",
          ms(hedges.firstLatency, 50), ms(hedges.firstLatency, 99), ms(hedges.hedgeLatency, 50),
          ms(hedges.hedgeLatency, 99));
      log.flush();
      return new Result(mode, done, errors.get(), latency, served, hedges.issued.get(), hedges.won.get(),
          hedges.refused.get(), elapsed);
    }
  }

  /** {@code callers} threads make {@code calls} blocking calls in all; returns how many were made. */
  public static long load(HttpServiceClient client, int calls, int callers, Histogram into, AtomicLong errors,
      PrintWriter log) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    long capNanos = System.nanoTime() + MODE_TIME_CAP.toNanos();
    List<Histogram> perCaller = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      Histogram mine = new Histogram(MAX_NANOS, 3);
      perCaller.add(mine);
      Thread thread = new Thread(() -> {
        while (next.getAndIncrement() < calls && System.nanoTime() < capNanos) {
          long s = System.nanoTime();
          try {
            client.request("GET", "/work").exchange();
          } catch (RuntimeException e) {
            if (errors.incrementAndGet() <= 3) {
              log.println("  error: " + e.getMessage());
            }
          }
          mine.recordValue(Math.min(System.nanoTime() - s, MAX_NANOS));
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

  private static double ms(ConcurrentHistogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** Counts hedge events and answered-attempt latencies of the measured phase. Thread-safe. */
  static final class HedgeCounter implements TelemetryListener {
    final AtomicLong issued = new AtomicLong();
    final AtomicLong won = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final ConcurrentHistogram hedgeLatency = new ConcurrentHistogram(3);
    final ConcurrentHistogram firstLatency = new ConcurrentHistogram(3);

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
}
