package dev.switchboard.http.resilience;

import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.TelemetryListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the policy events tests assert on. Thread-safe. */
final class RecordingTelemetry implements TelemetryListener {
  record Retry(int nextAttempt, Duration backoff, ServiceCallException cause) {}

  final List<Retry> retries = new CopyOnWriteArrayList<>();
  final List<String> refusals = new CopyOnWriteArrayList<>();
  final List<String> transitions = new CopyOnWriteArrayList<>();
  final List<String> limitEvents = new CopyOnWriteArrayList<>();

  @Override
  public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
    retries.add(new Retry(nextAttempt, backoff, cause));
  }

  @Override
  public void onRetryRefused(CallInfo call, String reason, ServiceCallException cause) {
    refusals.add(reason);
  }

  @Override
  public void onBreakerTransition(String service, String from, String to) {
    transitions.add(from + "->" + to);
  }

  @Override
  public void onLimitRejected(String service, int limit, int inFlight) {
    limitEvents.add("rejected " + inFlight + "/" + limit);
  }

  @Override
  public void onLimitChanged(String service, int oldLimit, int newLimit) {
    limitEvents.add("changed " + oldLimit + "->" + newLimit);
  }
}
