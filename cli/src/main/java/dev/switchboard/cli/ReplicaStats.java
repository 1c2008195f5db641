package dev.switchboard.cli;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Collects per-replica attempt latency and errors from telemetry, and prints the demo's table.
 * Thread-safe (HdrHistogram's concurrent recorder and adders).
 */
final class ReplicaStats implements TelemetryListener {
  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  private final LongAdder retries = new LongAdder();

  private static final class Row {
    final ConcurrentHistogram latency = new ConcurrentHistogram(3);
    final LongAdder errors = new LongAdder();
  }

  @Override
  public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration latency, ServiceCallException error) {
    Row row = rows.computeIfAbsent(endpoint.address(), k -> new Row());
    row.latency.recordValue(Math.max(1, latency.toNanos() / 1000));
    if (error != null) {
      row.errors.increment();
    }
  }

  @Override
  public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
    retries.increment();
  }

  /** Forgets everything recorded so far (after the warm-up). */
  void reset() {
    rows.clear();
    retries.reset();
  }

  long retries() {
    return retries.sum();
  }

  long errors() {
    return rows.values().stream().mapToLong(r -> r.errors.sum()).sum();
  }

  void print(PrintStream out, Map<String, String> labels) {
    out.printf("%-12s %-22s %9s %9s %9s %7s%n", "replica", "address", "requests", "p50 ms", "p99 ms", "errors");
    Map<String, Row> byLabel = new TreeMap<>();
    rows.forEach((address, row) -> byLabel.put(labels.getOrDefault(address, "?") + "\0" + address, row));
    for (Map.Entry<String, Row> entry : byLabel.entrySet()) {
      String address = entry.getKey().substring(entry.getKey().indexOf('\0') + 1);
      Map.Entry<String, Row> e = Map.entry(address, entry.getValue());
      ConcurrentHistogram h = e.getValue().latency;
      out.printf("%-12s %-22s %9d %9.2f %9.2f %7d%n", labels.getOrDefault(e.getKey(), "?"), e.getKey(),
          h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
          e.getValue().errors.sum());
    }
  }
}
