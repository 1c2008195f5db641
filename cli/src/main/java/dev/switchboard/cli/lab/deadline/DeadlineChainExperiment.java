package dev.switchboard.cli.lab.deadline;

import dev.switchboard.cli.lab.Experiment;
import dev.switchboard.cli.lab.LabContext;
import dev.switchboard.cli.lab.report.CsvTable;
import dev.switchboard.cli.lab.report.Finding;
import dev.switchboard.cli.lab.report.LabReport;
import dev.switchboard.cli.lab.report.SvgChart;
import dev.switchboard.client.ServiceConfig;
import dev.switchboard.context.CallContext;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.examples.orders.NewOrder;
import dev.switchboard.http.HttpServiceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lab deadline-chain}: HTTP gateway → gRPC orders → HTTP users with one 300 ms budget, the SRE
 * book's deadline-propagation example scaled 1:100 (30 s, 7 s spent at A, 4 s at B). Measured: the
 * time each hop has left on arrival, and what happens when the middle hop overruns the budget, with
 * the deadline propagated and with a hard-coded timeout instead.
 */
public final class DeadlineChainExperiment implements Experiment {
  private static final Duration BUDGET = Duration.ofMillis(300);
  private static final String SRE = "Google SRE book, ch. 22 (Deadline propagation)";

  /** One way of running the chain. */
  record Scenario(String name, Duration gatewayWork, Duration ordersWork, boolean propagate) {}

  /** What one scenario measured. */
  record Outcome(Scenario scenario, int calls, int ok, double gatewayMs, double ordersMs, double usersMs,
      long usersCalls, long usersLate, long refusedLocally, double callP50Ms) {}

  static final List<Scenario> SCENARIOS = List.of(
      new Scenario("propagated", Duration.ofMillis(70), Duration.ofMillis(40), true),
      new Scenario("orders overruns, propagated", Duration.ofMillis(70), Duration.ofMillis(300), true),
      new Scenario("orders overruns, hard-coded timeout", Duration.ofMillis(70), Duration.ofMillis(300), false));

  @Override
  public String name() {
    return "deadline-chain";
  }

  @Override
  public String description() {
    return "HTTP -> gRPC -> HTTP with one 300 ms budget: time left at each hop, and a middle hop that overruns";
  }

  @Override
  public LabReport run(LabContext ctx) throws Exception {
    int calls = ctx.scaled(60, 5);
    ctx.log("gateway (HTTP) -> orders (gRPC) -> users (HTTP), budget %d ms, %d calls per scenario", BUDGET.toMillis(), calls);
    CsvTable hops = new CsvTable("hops", "scenario", "correlation_id", "hop", "remaining_ms");
    CsvTable callRows = new CsvTable("calls", "scenario", "call", "outcome", "latency_ms");
    List<Outcome> outcomes = new ArrayList<>();
    try (ChainServices chain = new ChainServices();
         HttpServiceClient caller = new HttpServiceClient(ServiceConfig.builder().name("gateway")
             .baseUrl(chain.gatewayUrl()).timeout(BUDGET).build())) {
      warmUp(chain, caller);
      for (int s = 0; s < SCENARIOS.size(); s++) {
        Scenario scenario = SCENARIOS.get(s);
        chain.gatewayWork = scenario.gatewayWork();
        chain.ordersWork = scenario.ordersWork();
        chain.propagate = scenario.propagate();
        Outcome o = runScenario(chain, caller, scenario, "s" + (s + 1), calls, hops, callRows);
        ctx.log("%-36s %d/%d ok; ms left on arrival: gateway %.0f, orders %.0f, users %s; users called %d times,"
            + " %d after the caller's deadline, %d refused locally", scenario.name(), o.ok(), o.calls(), o.gatewayMs(),
            o.ordersMs(), o.usersCalls() == 0 ? "(not reached)" : Double.isNaN(o.usersMs()) ? "(no deadline sent)"
                : String.format(Locale.ROOT, "%.0f", o.usersMs()),
            o.usersCalls(), o.usersLate(), o.refusedLocally());
        outcomes.add(o);
      }
    }
    return report(outcomes, hops, callRows, calls);
  }

  private static void warmUp(ChainServices chain, HttpServiceClient caller) {
    for (int i = 0; i < 20; i++) {
      try {
        caller.request("POST", "/checkout").body(new NewOrder("123", "book")).timeout(Duration.ofSeconds(5)).exchange();
      } catch (ServiceCallException e) {
        // warming class loading and connections; failures here are not measured
      }
    }
    chain.arrivals.clear();
    chain.usersCalls.set(0);
  }

  private static Outcome runScenario(ChainServices chain, HttpServiceClient caller, Scenario scenario, String key,
      int calls, CsvTable hops, CsvTable callRows) throws InterruptedException {
    chain.arrivals.clear();
    chain.usersCalls.set(0);
    chain.usersCallsAfterDeadline.set(0);
    chain.usersCallsRefusedLocally.set(0);
    int ok = 0;
    double[] latencies = new double[calls];
    for (int i = 0; i < calls; i++) {
      String id = key + "-" + i;
      long start = System.nanoTime();
      String outcome;
      try (CallContext.Scope ignored = CallContext.empty().withCorrelationId(id).attach()) {
        caller.request("POST", "/checkout").body(new NewOrder("123", "book")).exchange();
        outcome = "ok";
        ok++;
      } catch (ServiceCallException e) {
        outcome = e.kind().name();
      }
      latencies[i] = (System.nanoTime() - start) / 1e6;
      callRows.row(scenario.name(), i, outcome, latencies[i]);
    }
    // The middle hop may still be working on calls its caller gave up on: let it finish (bounded).
    long until = System.nanoTime() + scenario.ordersWork().toNanos() * 4 + 2_000_000_000L;
    while (System.nanoTime() < until && arrivedAt(chain, "orders")
        > chain.usersCalls.get() + chain.usersCallsRefusedLocally.get()) {
      Thread.sleep(20); // draining the experiment's own background work, bounded above
    }
    Map<String, List<Double>> byHop = new java.util.LinkedHashMap<>();
    for (ChainServices.Arrival a : chain.arrivals) {
      byHop.computeIfAbsent(a.hop(), h -> new ArrayList<>()).add(a.remainingMs());
      hops.row(scenario.name(), a.correlationId(), a.hop(), a.remainingMs());
    }
    java.util.Arrays.sort(latencies);
    return new Outcome(scenario, calls, ok, median(byHop.get("gateway")), median(byHop.get("orders")),
        median(byHop.get("users")), chain.usersCalls.get(), chain.usersCallsAfterDeadline.get(),
        chain.usersCallsRefusedLocally.get(), latencies[calls / 2]);
  }

  private static long arrivedAt(ChainServices chain, String hop) {
    return chain.arrivals.stream().filter(a -> a.hop().equals(hop)).count();
  }

  private static double median(List<Double> values) {
    if (values == null) {
      return Double.NaN;
    }
    List<Double> v = values.stream().filter(d -> !d.isNaN()).sorted().toList();
    return v.isEmpty() ? Double.NaN : v.get(v.size() / 2);
  }

  private static LabReport report(List<Outcome> outcomes, CsvTable hops, CsvTable callRows, int calls) {
    CsvTable summary = new CsvTable("summary", "scenario", "calls", "ok", "gateway_left_ms_p50", "orders_left_ms_p50",
        "users_left_ms_p50", "users_calls", "users_calls_after_caller_deadline", "users_calls_refused_locally",
        "call_p50_ms");
    for (Outcome o : outcomes) {
      summary.row(o.scenario().name(), o.calls(), o.ok(), o.gatewayMs(), o.ordersMs(), o.usersMs(), o.usersCalls(),
          o.usersLate(), o.refusedLocally(), o.callP50Ms());
    }
    Outcome normal = outcomes.get(0);
    Outcome propagated = outcomes.get(1);
    Outcome hardCoded = outcomes.get(2);
    SvgChart left = SvgChart.bars("Time left on arrival at each hop (300 ms budget)", "ms",
        List.of("gateway", "orders (gRPC)", "users"))
        .bars("measured (median)", new double[] {normal.gatewayMs(), normal.ordersMs(), normal.usersMs()})
        .bars("SRE book example, 1:100", new double[] {300, 230, 190});
    SvgChart wasted = SvgChart.bars("Calls to users when orders overruns the budget", "calls",
        List.of("propagated", "hard-coded timeout"))
        .bars("users called", new double[] {propagated.usersCalls(), hardCoded.usersCalls()})
        .bars("after the caller had given up", new double[] {propagated.usersLate(), hardCoded.usersLate()});
    return new LabReport("Lab: one deadline across HTTP, gRPC and HTTP")
        .finding(new Finding("time left at orders (2nd hop) after 70 ms at the gateway", ms(normal.ordersMs()),
            "230 ms (30 s - 7 s = 23 s, scaled 1:100)", SRE))
        .finding(new Finding("time left at users (3rd hop) after 40 ms at orders", ms(normal.usersMs()),
            "190 ms (19 s, scaled 1:100)", SRE))
        .finding(new Finding("users calls after the caller's deadline, orders overruns, deadline propagated",
            propagated.usersLate() + " of " + calls, "0: check the deadline before each stage", SRE))
        .finding(new Finding("users calls after the caller's deadline, orders overruns, hard-coded 2 s timeout",
            hardCoded.usersLate() + " of " + calls, "all: C works on a request A already gave up on", SRE))
        .paragraph(String.format(Locale.ROOT, "A caller posts %d orders per scenario to an HTTP gateway with a %d ms"
            + " timeout (HttpServiceClient). The gateway (JDK HttpServer behind CallContextFilter) works 70 ms, then"
            + " calls the gRPC order-service through a Switchboard channel; the order-service (behind Switchboard's"
            + " server interceptor) works, then looks the user up in the HTTP user-service. Each hop records the time it"
            + " has left when the request arrives. In the two overrun scenarios the order-service works 300 ms, more"
            + " than it has left; it then calls users through Switchboard (the deadline travels, an expired call is"
            + " refused before it is sent) or through the naive client with a hard-coded 2 s timeout.", calls,
            BUDGET.toMillis()))
        .chart(left, "Median time left on arrival. Each hop gets what the one before it had left, minus its own"
            + " work and a small margin (5 ms by default, for the way back).")
        .chart(wasted, "With a hard-coded timeout the user-service still does the work after the caller has given up.")
        .table(summary, true)
        .table(hops, false)
        .table(callRows, false)
        .source("Google SRE book, ch. 22 \"Addressing Cascading Failures\", Deadline propagation: if server A selects"
            + " a 30-second deadline and processes the request for 7 seconds before calling B, the RPC from A to B has a"
            + " 23-second deadline; if B takes 4 seconds before calling C, the RPC from B to C has 19 seconds. Without"
            + " propagation, C processes a request its caller has already given up on.",
            "https://sre.google/sre-book/addressing-cascading-failures/")
        .source("gRPC, Deadlines guide: a server that is also a client should honour the deadline set by the original"
            + " client.", "https://grpc.io/docs/guides/deadlines/");
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.0f ms", millis);
  }
}
