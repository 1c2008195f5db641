package dev.switchboard.cli.demo;

import dev.switchboard.cli.naive.NaiveHttpClient;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.http.HttpServiceClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code switchboard demo}: the seed's naive client and Switchboard with its defaults, side by side
 * on the same three replicas and the same seeded faults (see {@link FaultSchedule}). Each client has
 * its own caller threads and both run at once, so both see every phase at the same moments. Prints a
 * live progress line, then one table per client and what Switchboard did.
 */
public final class DemoRun {
  /**
   * @param seed drives the schedule and every fault draw
   * @param warmUp unmeasured time before the first phase
   * @param phaseLength length of each reported phase
   * @param callers caller threads
   * @param timeout the one setting both clients get besides their target
   * @param terminal whether the output is a terminal (live line) or a log (milestones only)
   * @param balancer a balancer for Switchboard instead of its default, or null for the default
   */
  public record Options(long seed, Duration warmUp, Duration phaseLength, int callers, Duration timeout,
      boolean terminal, String balancer) {
    /** With Switchboard's default balancer. */
    public Options(long seed, Duration warmUp, Duration phaseLength, int callers, Duration timeout, boolean terminal) {
      this(seed, warmUp, phaseLength, callers, timeout, terminal, null);
    }
  }

  private static final String PATH = "/users/";

  private DemoRun() {}

  /** Runs the demo; returns when every caller has stopped and the tables are printed. */
  public static void run(Options options, PrintWriter out) throws InterruptedException {
    FaultSchedule schedule = FaultSchedule.of(options.seed(), options.warmUp(), options.phaseLength());
    try (DemoReplicas replicas = DemoReplicas.start(schedule)) {
      List<String> addresses = replicas.addresses();
      String target = "static:" + String.join(",", addresses);
      AtomicReference<ClientTally> naiveTally = new AtomicReference<>();
      SwitchboardActions actions = new SwitchboardActions(System.nanoTime());
      NaiveHttpClient naive = new NaiveHttpClient(addresses.stream().map(a -> "http://" + a).toList(),
          options.timeout(), NaiveHttpClient.SEED_MAX_RETRIES,
          (baseUrl, status, nanos) -> naiveTally.get().attempt(baseUrl.substring("http://".length())));
      // Switchboard with its defaults: a name, the target and the timeout. The listener only observes.
      ServiceConfig.Builder builder = ServiceConfig.builder().name("users").target(target).timeout(options.timeout())
          .telemetry(actions);
      if (options.balancer() != null) {
        builder.balancer(options.balancer()); // only when asked for on the command line
      }
      ServiceConfig config = builder.build();
      try (HttpServiceClient switchboard = new HttpServiceClient(config)) {
        header(out, options, schedule, replicas, target);
        long start = System.nanoTime();
        naiveTally.set(new ClientTally("naive", schedule, start, replicas.killedAddress()));
        ClientTally sbTally = new ClientTally("switchboard", schedule, start, replicas.killedAddress());
        actions.countInto(sbTally);
        ProgressLine progress = new ProgressLine(out, options.terminal());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "demo-schedule");
          t.setDaemon(true);
          return t;
        });
        try {
          plan(timer, schedule, replicas, progress, start, naiveTally.get(), sbTally);
          drive(options, schedule, start, naive, naiveTally.get(), switchboard, sbTally);
        } finally {
          timer.shutdownNow();
          progress.finish();
        }
        out.println();
        DemoReport.table(out, "Naive client (java.net.http, round robin, timeout " + options.timeout().toMillis()
            + " ms, " + NaiveHttpClient.SEED_MAX_RETRIES + " immediate retries, no budget)", naiveTally.get(),
            schedule, replicas);
        out.println();
        DemoReport.table(out, "Switchboard (defaults; only target and timeout " + options.timeout().toMillis()
            + " ms set" + (options.balancer() == null ? "" : ", and balancer " + options.balancer()) + ")", sbTally,
            schedule, replicas);
        out.println();
        DemoReport.actions(out, actions, switchboard.policies(), replicas);
        out.println();
        verdict(out, schedule, naiveTally.get(), sbTally);
      }
    }
  }

  private static void header(PrintWriter out, Options options, FaultSchedule schedule, DemoReplicas replicas,
      String target) {
    out.printf("Switchboard demo (seed %d): one fault schedule, three user-service replicas, two clients.%n",
        options.seed());
    List<String> a = replicas.addresses();
    out.printf("  users-1  %-16s in this JVM%n  users-2  %-16s in this JVM%n  users-3  %-16s separate process, pid %d%n",
        a.get(0), a.get(1), a.get(2), replicas.killedPid());
    out.printf("  naive:       java.net.http, round robin over 3 base URLs, timeout %d ms, %d immediate retries, no budget%n",
        options.timeout().toMillis(), NaiveHttpClient.SEED_MAX_RETRIES);
    out.printf("  switchboard: ServiceConfig.builder().target(\"%s\").timeout(%d ms)%s; everything else default%n",
        target.length() > 40 ? target.substring(0, 37) + "..." : target, options.timeout().toMillis(),
        options.balancer() == null ? "" : ".balancer(\"" + options.balancer() + "\")");
    out.printf("  %d callers per client, both clients at once: GET /users/{id} in a closed loop%n", options.callers());
    out.println("Fault schedule:");
    for (Phase p : schedule.phases()) {
      out.printf("  %5.1f-%5.1f s  %-7s  %s%n", p.startNanos() / 1e9, p.endNanos() / 1e9, p.name(), p.fault());
    }
    out.println();
  }

  /** Phase switches, the kill, phase-end lines and the live line, on one timer thread. */
  private static void plan(ScheduledExecutorService timer, FaultSchedule schedule, DemoReplicas replicas,
      ProgressLine progress, long start, ClientTally naive, ClientTally switchboard) {
    for (Phase p : schedule.phases()) {
      long at = start + p.startNanos() - System.nanoTime();
      timer.schedule(() -> replicas.enter(p), Math.max(0, at), TimeUnit.NANOSECONDS);
      if (p.reported()) {
        timer.schedule(() -> progress.milestone(summary(p, naive, switchboard, "done")),
            start + p.endNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
    }
    timer.schedule(replicas::killUsers3, start + schedule.killAtNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
    timer.scheduleAtFixedRate(() -> {
      long now = System.nanoTime() - start;
      Phase p = schedule.at(now);
      progress.update(String.format("[%d/5 %-7s %4.1fs] naive %s | switchboard %s", p.index(), p.name(), now / 1e9,
          live(naive.phase(p)), live(switchboard.phase(p))));
    }, 200, 250, TimeUnit.MILLISECONDS);
  }

  private static String summary(Phase p, ClientTally naive, ClientTally switchboard, String when) {
    return String.format("[%d/5 %-7s %s] naive %s | switchboard %s", p.index(), p.name(), when,
        brief(naive.phase(p)), brief(switchboard.phase(p)));
  }

  private static String brief(ClientTally.PhaseStats s) {
    return String.format("%d calls %.1f%% ok p99 %s ms %.2f req/call", s.calls(), s.successPercent(),
        DemoReport.ms(s.percentileMillis(99)), s.requestsPerCall());
  }

  /** The live line's short form, so it fits one terminal row. */
  private static String live(ClientTally.PhaseStats s) {
    return s.calls() == 0 ? "(no answers yet)" : String.format("%5.1f%% ok p99 %sms %.2f req/call",
        s.successPercent(), DemoReport.ms(s.percentileMillis(99)), s.requestsPerCall());
  }

  private static void drive(Options options, FaultSchedule schedule, long start, NaiveHttpClient naive,
      ClientTally naiveTally, HttpServiceClient switchboard, ClientTally sbTally) throws InterruptedException {
    long end = start + schedule.totalNanos();
    List<Thread> callers = new ArrayList<>();
    for (int c = 0; c < options.callers(); c++) {
      callers.add(caller("demo-naive-" + c, end, path -> callNaive(naive, naiveTally, path)));
      callers.add(caller("demo-switchboard-" + c, end, path -> callSwitchboard(switchboard, sbTally, path)));
    }
    callers.forEach(Thread::start);
    long bound = TimeUnit.NANOSECONDS.toMillis(schedule.totalNanos()) + 4 * options.timeout().toMillis() * 5 + 5_000;
    for (Thread t : callers) {
      t.join(bound);
      t.interrupt();
    }
  }

  /** One caller thread: one call after another until the schedule ends (a closed loop). */
  private static Thread caller(String name, long end, java.util.function.Consumer<String> call) {
    Thread t = new Thread(() -> {
      for (long i = 0; System.nanoTime() < end && !Thread.currentThread().isInterrupted(); i++) {
        call.accept(PATH + (i % 2 == 0 ? "123" : "124"));
      }
    }, name);
    t.setDaemon(true);
    return t;
  }

  private static void callNaive(NaiveHttpClient naive, ClientTally tally, String path) {
    long start = System.nanoTime();
    boolean ok;
    try {
      ok = naive.get(path).ok();
    } catch (NaiveHttpClient.NaiveCallException e) {
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    tally.call(start, ok);
  }

  private static void callSwitchboard(HttpServiceClient client, ClientTally tally, String path) {
    long start = System.nanoTime();
    boolean ok;
    try {
      ok = client.request("GET", path).exchange().isSuccessful();
    } catch (ServiceCallException e) {
      ok = false;
    }
    tally.call(start, ok);
  }

  /** The two comparisons the demo is for, in words, from the measured numbers. */
  private static void verdict(PrintWriter out, FaultSchedule schedule, ClientTally naive, ClientTally switchboard) {
    Phase outage = schedule.named(FaultSchedule.OUTAGE);
    double n = naive.phase(outage).requestsPerCall();
    double s = switchboard.phase(outage).requestsPerCall();
    out.printf("Outage: the naive client sent %.2f requests per call to replicas that were all failing, "
        + "Switchboard %.2f (%s).%n", n, s, s < n ? String.format("%.1fx less load", n / s) : "no less load");
    out.printf("Kill: naive %s; Switchboard %s.%n", DemoReport.recovery(naive), DemoReport.recovery(switchboard));
  }
}
