package dev.switchboard.telemetry;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.errors.ServiceCallException;
import java.time.Duration;
import java.util.List;

/**
 * Receives what happens to calls, attempts, policies and discovery. Every method has a no-op
 * default, so a listener overrides only what it needs; {@link #NOOP} is the default listener.
 *
 * <p><b>Threading:</b> methods are called on the thread where the event happens (caller threads,
 * transport threads, the shared scheduler). They must be thread-safe, fast and non-blocking, and
 * must not throw: an exception thrown by a listener is caught and logged, never passed to a call.
 */
public interface TelemetryListener {
  /** The listener that ignores everything. */
  TelemetryListener NOOP = new TelemetryListener() {};

  /** A call started. */
  default void onCallStart(CallInfo call) {}

  /** A call finished; {@code error} is null on success. */
  default void onCallEnd(CallInfo call, Duration elapsed, ServiceCallException error) {}

  /** An attempt was sent to {@code endpoint}. */
  default void onAttemptStart(CallInfo call, Endpoint endpoint, int attempt, boolean hedge) {}

  /** An attempt finished; {@code error} is null on success. */
  default void onAttemptEnd(
      CallInfo call, Endpoint endpoint, int attempt, Duration latency, ServiceCallException error) {}

  /** A retry was scheduled after {@code backoff}. */
  default void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {}

  /** A retry (or hedge) was refused, for example by the budget or a negative pushback. */
  default void onRetryRefused(CallInfo call, String reason, ServiceCallException cause) {}

  /** Hedging events: an extra attempt was issued, won or lost (was cancelled). */
  default void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {}

  /** An endpoint was ejected from balancing for {@code duration}. */
  default void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {}

  /** An ejected or unhealthy endpoint was readmitted. */
  default void onReadmission(String service, Endpoint endpoint) {}

  /** An active health check changed an endpoint's health. */
  default void onHealthChange(String service, Endpoint endpoint, boolean healthy, String reason) {}

  /** The destination's circuit breaker changed state. */
  default void onBreakerTransition(String service, String from, String to) {}

  /** A concurrency limit rejected a call, or an adaptive limit changed. */
  default void onLimitRejected(String service, int limit, int inFlight) {}

  /** The adaptive concurrency limit changed. */
  default void onLimitChanged(String service, int oldLimit, int newLimit) {}

  /** Discovery published a new endpoint set. */
  default void onDiscoveryUpdate(String target, EndpointSet endpoints) {}

  /** Discovery failed; the last known set is kept. */
  default void onDiscoveryError(String target, Throwable error) {}

  /** A server filter refused an inbound request whose deadline had already expired. */
  default void onInboundExpired(String method, String path) {}

  /** Hedge events. */
  enum HedgeEvent {
    ISSUED,
    WON,
    LOST
  }

  /** A listener that forwards every event to each of {@code listeners}, in order. */
  static TelemetryListener composite(List<TelemetryListener> listeners) {
    return CompositeTelemetryListener.of(listeners);
  }
}
