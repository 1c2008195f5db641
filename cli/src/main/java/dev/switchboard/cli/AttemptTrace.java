package dev.switchboard.cli;

import dev.switchboard.context.WireHeaders;
import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusException;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Deadline;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code call -v}: one line per attempt as it is sent ({@code >}, with the propagation headers it
 * carries) and as it ends ({@code <}, endpoint, status, elapsed), plus retries, refusals, hedges and
 * ejections. The correlation id and trace id are the ones this command bound to the call, so they are
 * exactly what goes on the wire; the span id is new for every attempt; {@code x-request-timeout-ms}
 * is the call's remaining time minus the deadline margin when the attempt started (the transport
 * computes it the same way a moment later). Thread-safe: each event prints one line under a lock.
 */
final class AttemptTrace implements TelemetryListener {
  private final PrintWriter err;
  private final String correlationId;
  private final String traceId;
  private final Duration margin;
  private volatile Deadline deadline;

  AttemptTrace(PrintWriter err, String correlationId, String traceId, Duration margin) {
    this.err = err;
    this.correlationId = correlationId;
    this.traceId = traceId;
    this.margin = margin;
  }

  /** The call's deadline, set just before the call is sent. */
  void deadline(Deadline deadline) {
    this.deadline = deadline;
  }

  @Override
  public void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {
    Deadline d = deadline;
    long remaining = d == null ? -1 : d.remainingMillis() - margin.toMillis();
    print(String.format("> attempt %d%s -> %s  %s: %s  %s: 00-%s-<new span>-01  %s: %d  %s: %d%s", attempt,
        hedge ? " (hedge)" : "", endpoint.address(), WireHeaders.REQUEST_ID, correlationId, WireHeaders.TRACEPARENT,
        traceId, WireHeaders.REQUEST_ATTEMPT, attempt, WireHeaders.REQUEST_TIMEOUT_MS, Math.max(0, remaining),
        hedge ? "  " + WireHeaders.REQUEST_HEDGE + ": 1" : ""));
  }

  @Override
  public void onAttemptEnd(CallInfo call, Endpoint endpoint, int attempt, Duration latency, ServiceCallException error) {
    String outcome;
    if (error == null) {
      outcome = "answered";
    } else if (error instanceof StatusException s) {
      outcome = s.status() + " " + s.kind();
    } else {
      outcome = error.kind() + " (" + CliErrors.oneLine(error.detail()) + ")";
    }
    print(String.format("< attempt %d <- %s  %s in %.1f ms", attempt, endpoint.address(), outcome,
        latency.toNanos() / 1e6));
  }

  @Override
  public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
    print(String.format("* retry: attempt %d after %.1f ms backoff (%s)", nextAttempt, backoff.toNanos() / 1e6,
        cause.kind()));
  }

  @Override
  public void onRetryRefused(CallInfo call, String reason, ServiceCallException cause) {
    print("* no retry: " + CliErrors.oneLine(reason));
  }

  @Override
  public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
    print("* hedge " + event.name().toLowerCase(java.util.Locale.ROOT) + ": attempt " + attempt + " -> "
        + endpoint.address());
  }

  @Override
  public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
    print("* " + endpoint.address() + " ejected for " + duration.toSeconds() + " s: " + CliErrors.oneLine(reason));
  }

  @Override
  public void onDiscoveryError(String target, Throwable error) {
    print("* discovery error for " + target + ": " + CliErrors.describe(error));
  }

  private synchronized void print(String line) {
    err.println(line);
    err.flush();
  }
}
