package dev.switchboard.telemetry;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.errors.ServiceCallException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Receives what happens to calls, attempts, policies and discovery. Every method has a no-op
 * default, so a listener overrides only what it needs; {@link #NOOP} is the default listener.
 *
 * <p><b>Threading:</b> methods are called on the thread where the event happens (caller threads,
 * transport threads, the shared scheduler). They must be thread-safe, fast and non-blocking, and
 * must not throw: an exception thrown by a listener is caught and logged, never passed to a call.
 *
 * <p><b>Two shapes of attempt events.</b> {@link #onAttemptStart(AttemptInfo)} and {@link
 * #onAttemptEnd(AttemptInfo, AttemptResult)} carry everything the pipeline knows (trace ids, the
 * answer's status, why an attempt was cancelled); by default they forward to the older
 * {@link #onAttemptStart(CallInfo, Endpoint, int, boolean)} and {@link #onAttemptEnd(CallInfo,
 * Endpoint, int, Duration, ServiceCallException)}, so a listener written against those keeps
 * working. Override one shape, not both. A listener that forwards events to another listener must
 * forward both shapes (and {@link #as}), as the composite does.
 *
 * <p><b>Cardinality.</b> {@link CallInfo#path()} holds real ids; aggregate on {@link
 * CallInfo#template()}.
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

  /**
   * An attempt was sent. Called on the thread that sends it, after its trace ids were chosen.
   * The default forwards to {@link #onAttemptStart(CallInfo, Endpoint, int, boolean)}.
   */
  default void onAttemptStart(AttemptInfo attempt) {
    onAttemptStart(attempt.call(), attempt.endpoint(), attempt.number(), attempt.hedge());
  }

  /**
   * An attempt ended: answered, failed or was cancelled ({@link AttemptResult#cancelReason()}
   * says why, e.g. a hedge that lost the race). Called once per {@link #onAttemptStart(AttemptInfo)},
   * with the same {@code attempt}. The default forwards to {@link #onAttemptEnd(CallInfo, Endpoint,
   * int, Duration, ServiceCallException)}.
   */
  default void onAttemptEnd(AttemptInfo attempt, AttemptResult result) {
    onAttemptEnd(attempt.call(), attempt.endpoint(), attempt.number(), result.latency(), result.error());
  }

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

  /**
   * A client opened a destination: {@code state} reads its live state until {@link
   * #onDestinationClose} (e.g. to register gauges). Called once per client, on the thread that
   * builds it.
   */
  default void onDestinationOpen(DestinationState state) {}

  /** The client of {@code state} was closed; stop reading it. */
  default void onDestinationClose(DestinationState state) {}

  /**
   * This listener as {@code type}, if it is one (or, for a composite, the first of its listeners
   * that is): how the pipeline finds optional capabilities such as a
   * {@code dev.switchboard.context.CallTracer} among the configured listeners.
   */
  default <T> Optional<T> as(Class<T> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

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
