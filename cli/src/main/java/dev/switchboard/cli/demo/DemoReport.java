package dev.switchboard.cli.demo;

import dev.switchboard.policy.DestinationPolicies;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Prints the demo's tables: one per client, then what Switchboard did. Stateless. */
final class DemoReport {
  private DemoReport() {}

  static void table(PrintWriter out, String title, ClientTally tally, FaultSchedule schedule, DemoReplicas replicas) {
    out.println(title);
    out.printf("  %-7s %-46s %6s %8s %8s %8s %9s %9s%n", "phase", "fault", "calls", "success", "p50 ms",
        "p99 ms", "p99.9 ms", "req/call");
    for (Phase phase : schedule.reported()) {
      ClientTally.PhaseStats s = tally.phase(phase);
      out.printf("  %-7s %-46s %6d %7.2f%% %8s %8s %9s %9.2f%n", phase.name(), phase.fault(), s.calls(),
          s.successPercent(), ms(s.percentileMillis(50)), ms(s.percentileMillis(99)), ms(s.percentileMillis(99.9)),
          s.requestsPerCall());
    }
    out.println("  time to recover after the kill: " + recovery(tally));
  }

  /** In words: when the client stopped sending to the dead replica. */
  static String recovery(ClientTally tally) {
    long nanos = tally.recoveryNanos();
    long sent = tally.attemptsToKilled();
    if (nanos < 0) {
      return "not recovered (still sending to the dead replica at the end of the kill phase; " + sent
          + " requests to it after the kill)";
    }
    if (sent == 0) {
      return "0 ms: sent nothing to the dead replica after the kill";
    }
    return String.format("%d ms: its last request to the dead replica left %d ms after the kill (%d requests to it)",
        nanos / 1_000_000, nanos / 1_000_000, sent);
  }

  static void actions(PrintWriter out, SwitchboardActions actions, DestinationPolicies policies,
      DemoReplicas replicas) {
    out.println("What Switchboard did (from its TelemetryListener callbacks and client.policies()):");
    out.printf("  retries: %d, each to a replica the call had not tried yet%n", actions.retries.sum());
    out.printf("  hedges: %d issued, %d won%s%n", actions.hedgesIssued.sum(), actions.hedgesWon.sum(),
        policies.hedgeDelay().map(d -> " (hedge delay now " + d.current().toMillis() + " ms)")
            .orElse(" (hedging is off in the defaults)"));
    out.printf("  retries refused by the retry budget: %d (budget balance now %s)%n", actions.budgetRefusals.sum(),
        balance(policies.retryBudget().balance()));
    actions.refusals.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
        .limit(5)
        .forEach(e -> out.printf("    %7d x %s%n", e.getValue().sum(), e.getKey()));
    policies.circuitBreaker().ifPresent(b -> out.println("  circuit breaker: " + b));
    if (actions.events.isEmpty()) {
      out.println("  ejections: none");
    } else {
      for (String event : actions.events) {
        for (String address : replicas.addresses()) {
          event = event.replace(address, replicas.label(address) + " (" + address + ")");
        }
        out.println("  " + event);
      }
    }
  }

  private static String balance(long balance) {
    return balance == Long.MAX_VALUE ? "unlimited" : Long.toString(balance);
  }

  static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    return millis < 100 ? String.format("%.1f", millis) : String.format("%.0f", millis);
  }
}
