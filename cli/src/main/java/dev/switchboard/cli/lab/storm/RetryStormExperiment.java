package dev.switchboard.cli.lab.storm;

import com.sun.net.httpserver.Filter;
import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.report.CsvTable;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import dev.switchboard.cli.lab.report.SvgChart;
import dev.switchboard.cli.naive.NaiveHttpClient;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.http.HttpServiceClient;
import dev.switchboard.http.server.CallContextFilter;
import dev.switchboard.http.server.SwitchboardServerFilters;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.ScriptedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * {@code lab retry-storm}: the SRE book's three retrying layers over a dead database. A caller calls
 * a frontend, which calls a backend, which calls the leaf; the leaf answers 503 to everything. The
 * same calls run three ways: naive retries at every layer (4 attempts each), Switchboard's defaults at
 * every layer (retry budget, no cross-hop signal), and Switchboard with its server filters
 * ({@code x-retry-pushback-ms: -1} once a layer's own retries gave up). Measured: requests each layer
 * receives per call.
 */
public final class RetryStormExperiment implements Experiment {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String SRE_CASCADE = "Google SRE book, ch. 22 Addressing Cascading Failures";
  private static final String SRE_OVERLOAD = "Google SRE book, ch. 21 Handling Overload";

  /** One way every layer calls the next. */
  enum Mode {
    NAIVE("naive retries"), BUDGET("Switchboard budget"), PUSHBACK("budget + pushback");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  /** Requests received per tier for one mode. */
  record Outcome(Mode mode, long calls, long failed, long frontend, long backend, long leaf, double p50Ms, double seconds) {
    double perCall(long requests) {
      return calls == 0 ? Double.NaN : (double) requests / calls;
    }
  }

  @Override
  public String name() {
    return "retry-storm";
  }

  @Override
  public String description() {
    return "three layers over a dead leaf: requests per layer, naive retries vs budget vs pushback (SRE book)";
  }

  @Override
  public LabReport run(LabContext ctx) throws Exception {
    int calls = ctx.scaled(1_600, 100);
    int callers = 8;
    Duration cap = ctx.scaledMillis(60_000, 10_000);
    ctx.log("caller -> frontend (2) -> backend (2) -> leaf (2, every answer 503); %d calls from %d callers per mode"
        + " (%d for naive retries, whose 84 requests per call are exact)", calls, callers, Math.max(callers, calls / 8));
    List<Outcome> outcomes = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      // Naive amplification is exact (every attempt fails, 84 requests per call), so fewer calls show it.
      Outcome o = runMode(mode, mode == Mode.NAIVE ? Math.max(callers, calls / 8) : calls, callers, cap);
      ctx.log("%-18s %d calls in %.1f s: frontend %.2f, backend %.2f, leaf %.2f requests per call", mode.label,
          o.calls(), o.seconds(), o.perCall(o.frontend()), o.perCall(o.backend()), o.perCall(o.leaf()));
      outcomes.add(o);
    }
    return report(outcomes, calls, callers);
  }

  private static Outcome runMode(Mode mode, int calls, int callers, Duration cap) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try (ScriptedServers leaf = ScriptedServers.start(2)) {
      leaf.route("GET", "/users/{id}", Reply.json(503, "{\"error\":\"database overloaded\"}"));
      Tier backend = tier(mode, "backend", leaf.endpointAddresses(), open);
      Tier frontend = tier(mode, "frontend", backend.addresses(), open);
      Layer.Downstream caller = downstream(mode, frontend.addresses(), open);
      ConcurrentHistogram latency = new ConcurrentHistogram(3);
      AtomicInteger next = new AtomicInteger();
      AtomicLong made = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long start = System.nanoTime();
      long end = start + cap.toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        Thread t = new Thread(() -> {
          while (next.getAndIncrement() < calls && System.nanoTime() < end) {
            long s = System.nanoTime();
            boolean ok;
            try {
              ok = caller.call("/users/" + (s % 2 == 0 ? "123" : "124"));
            } catch (Exception e) {
              ok = false;
            }
            latency.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
            made.incrementAndGet();
            if (!ok) {
              failed.incrementAndGet();
            }
          }
        }, "storm-caller-" + c);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join(cap.toMillis() + TIMEOUT.toMillis() * 8);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Outcome(mode, made.get(), failed.get(), frontend.received(), backend.received(),
          leaf.totalRequestCount(), latency.getValueAtPercentile(50) / 1000.0, seconds);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  /** Two servers of one tier, each calling {@code next} the mode's way. */
  private record Tier(List<Layer> layers) {
    List<String> addresses() {
      return layers.stream().map(Layer::address).toList();
    }

    long received() {
      return layers.stream().mapToLong(Layer::received).sum();
    }
  }

  private static Tier tier(Mode mode, String name, List<String> next, List<AutoCloseable> open) throws Exception {
    List<Filter> filters = switch (mode) {
      case NAIVE -> List.of();
      case BUDGET -> List.of(new CallContextFilter());          // deadlines and ids, no cross-hop signal
      case PUSHBACK -> SwitchboardServerFilters.standard();    // plus x-retry-pushback-ms: -1
    };
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Layer layer = new Layer(name + "-" + (i + 1), filters, downstream(mode, next, open));
      open.add(layer);
      layers.add(layer);
    }
    return new Tier(layers);
  }

  private static Layer.Downstream downstream(Mode mode, List<String> addresses, List<AutoCloseable> open) {
    if (mode == Mode.NAIVE) {
      NaiveHttpClient naive = new NaiveHttpClient(addresses.stream().map(a -> "http://" + a).toList(), TIMEOUT,
          NaiveHttpClient.SEED_MAX_RETRIES);
      open.add(naive);
      return path -> naive.get(path).ok();
    }
    // Switchboard's defaults: only the target and the timeout are set.
    HttpServiceClient client = new HttpServiceClient(ServiceConfig.builder().name("next")
        .target("static:" + String.join(",", addresses)).timeout(TIMEOUT).build());
    open.add(client);
    return path -> client.request("GET", path).exchange().isSuccessful();
  }

  private static LabReport report(List<Outcome> outcomes, int calls, int callers) {
    CsvTable summary = new CsvTable("summary", "mode", "calls", "failed_calls", "frontend_requests",
        "backend_requests", "leaf_requests", "frontend_per_call", "backend_per_call", "leaf_per_call",
        "call_p50_ms", "seconds");
    List<String> tiers = List.of("frontend", "backend", "leaf");
    SvgChart chart = SvgChart.bars("Requests received per call at each layer (log scale)", "requests per call", tiers)
        .logY();
    for (Outcome o : outcomes) {
      summary.row(o.mode().label, o.calls(), o.failed(), o.frontend(), o.backend(), o.leaf(), o.perCall(o.frontend()),
          o.perCall(o.backend()), o.perCall(o.leaf()), o.p50Ms(), o.seconds());
      chart.bars(o.mode().label, new double[] {o.perCall(o.frontend()), o.perCall(o.backend()), o.perCall(o.leaf())});
    }
    Outcome naive = outcomes.get(0);
    Outcome budget = outcomes.get(1);
    Outcome pushback = outcomes.get(2);
    return new LabReport("Lab: retry storm across three layers")
        .finding(new Finding("leaf requests per call, naive retries at 3 layers", per(naive, naive.leaf()),
            "64 (4 attempts at each of 3 layers: 4^3)", SRE_CASCADE))
        .finding(new Finding("leaf requests per call, retry budget at each layer", per(budget, budget.leaf()),
            "at most 1.1 per layer with a 10% per-client budget (Switchboard's default: 20% + 10/s)", SRE_OVERLOAD))
        .finding(new Finding("frontend requests per call, budget + pushback", per(pushback, pushback.frontend()),
            "1: retry only at the layer immediately above the failure", SRE_OVERLOAD))
        .finding(new Finding("leaf requests per call, budget + pushback", per(pushback, pushback.leaf()),
            "one layer's retries: at most 1.1 with a 10% budget", SRE_OVERLOAD))
        .paragraph(String.format(Locale.ROOT, "A caller sends %d calls (%d closed-loop callers) to two frontend"
            + " servers; each frontend calls two backend servers, each backend calls two leaf servers, and the leaf"
            + " answers 503 to everything (the database is down). Every server is a real JDK HttpServer on loopback."
            + " The same calls run three ways (naive retries with an eighth of the calls: with every attempt failing,"
            + " its amplification is exact and each call costs 84 requests):", calls, callers))
        .list(List.of(
            "naive retries: every layer uses the seed's client (round robin, 3 immediate retries, no budget), and a"
                + " layer whose downstream failed answers 503, which the layer above retries;",
            "Switchboard budget: every layer uses HttpServiceClient with its defaults (3 attempts, backoff, a retry"
                + " budget of 20% of calls + 10 retries/s); servers bind the deadline but send no cross-hop signal;",
            "budget + pushback: as above, plus SwitchboardServerFilters, so a layer whose own retries gave up"
                + " answers with x-retry-pushback-ms: -1 and the layers above do not retry it."))
        .paragraph("Switchboard's budget allows 10 retries per second in addition to its ratio, so on a short run"
            + " with few calls the measured amplification sits above the ratio alone; the CSV has the raw counts.")
        .chart(chart, "Requests each layer received per call the caller made. Naive retries multiply at every layer.")
        .table(summary, true)
        .source("Google SRE book, ch. 22 \"Addressing Cascading Failures\": if the backend, frontend and JavaScript"
            + " layers all issue 3 retries (4 attempts), a single user action may create 64 attempts (4^3) on the"
            + " database.", "https://sre.google/sre-book/addressing-cascading-failures/")
        .source("Google SRE book, ch. 21 \"Handling Overload\": a per-client retry budget (retry only while retries"
            + " are below 10% of requests), and retrying only at the layer immediately above the one rejecting, with an"
            + " \"overloaded; don't retry\" error.", "https://sre.google/sre-book/handling-overload/");
  }

  private static String per(Outcome o, long requests) {
    return String.format(Locale.ROOT, "%.2f", o.perCall(requests));
  }
}
