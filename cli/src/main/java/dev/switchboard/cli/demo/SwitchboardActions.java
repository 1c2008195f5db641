package dev.switchboard.cli.demo;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What Switchboard did during the demo, from its telemetry callbacks only: requests sent, retries,
 * hedges issued and won, ejections and readmissions, refused retries (by reason) and breaker
 * transitions. Thread-safe: callbacks arrive on caller, transport and scheduler threads.
 */
final class SwitchboardActions implements TelemetryListener {
  private final long startNanos;
  private volatile ClientTally tally;
  final LongAdder retries = new LongAdder();
  final LongAdder hedgesIssued = new LongAdder();
  final LongAdder hedgesWon = new LongAdder();
  final LongAdder budgetRefusals = new LongAdder();
  final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

  SwitchboardActions(long startNanos) {
    this.startNanos = startNanos;
  }

  void countInto(ClientTally tally) {
    this.tally = tally;
  }

  @Override
  public void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
    ClientTally t = tally;
    if (t != null) {
      t.attempt(endpoint.address());
    }
  }

  @Override
  public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
    retries.increment();
  }

  @Override
  public void onRetryRefused(CallInfo call, String reason, ServiceCallException cause) {
    if (reason.contains("budget")) {
      budgetRefusals.increment();
    }
    refusals.computeIfAbsent(shorten(reason), k -> new LongAdder()).increment();
  }

  @Override
  public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
    if (event == HedgeEvent.ISSUED) {
      hedgesIssued.increment();
    } else if (event == HedgeEvent.WON) {
      hedgesWon.increment();
    }
  }

  @Override
  public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
    event(endpoint.address() + " ejected for " + duration.toSeconds() + " s: " + reason);
  }

  @Override
  public void onReadmission(String service, Endpoint endpoint) {
    event(endpoint.address() + " readmitted");
  }

  @Override
  public void onBreakerTransition(String service, String from, String to) {
    event("circuit breaker " + from + " -> " + to);
  }

  private void event(String what) {
    if (events.size() < 50) {
      events.add(String.format("+%.2f s %s", (System.nanoTime() - startNanos) / 1e9, what));
    }
  }

  /** Groups refusal reasons that differ only in numbers (budgets, attempts, milliseconds). */
  private static String shorten(String reason) {
    String r = reason.split(";", 2)[0];
    for (int i = 0; i < 3 && r.contains("("); i++) {
      r = r.replaceAll("\\([^()]*\\)", "");
    }
    r = r.replaceAll("[0-9]+", "N").replaceAll("\\s+", " ").trim();
    return r.length() > 90 ? r.substring(0, 90) + "..." : r;
  }
}
