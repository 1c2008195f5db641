package dev.switchboard.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Read-only, live view of one client's destination: its endpoints, retry budget, circuit breaker,
 * concurrency limit, hedge delay and discovery. What admin pages, gauges and actuator endpoints
 * show; get one from a client ({@code HttpServiceClient.state()}, {@code CallPipeline.state()}), or
 * every open one from {@link DestinationStates#all()}.
 *
 * <p>Every accessor reads the live state when called (no caching): the scalar ones are a few
 * volatile reads, {@link #endpoints()} builds a snapshot (briefly taking the balancer's lock), so
 * call it at scrape or refresh rate, not per request. Which features exist ({@link
 * #circuitBreakerState()} present or not, ...) is fixed when the client is built.
 *
 * <p><b>Threading:</b> thread-safe; call from any thread. Counters ({@code *Refusals},
 * {@code *Rejections}) only grow.
 */
public interface DestinationState {
  /** The destination's service name (the client's name). */
  String service();

  /** {@link CallInfo#HTTP} or {@link CallInfo#GRPC}. */
  String protocol();

  /** Discovery: target, updates received, the last one, the last error. */
  DiscoveryStatus discovery();

  /** Time since discovery last delivered an endpoint set, or empty before the first. */
  Optional<Duration> sinceLastDiscoveryUpdate();

  /** A snapshot of every known endpoint, in discovery order. */
  List<EndpointState> endpoints();

  /** Retries and hedges the budget would allow now; {@link Long#MAX_VALUE} when the budget is off. */
  long retryBudgetBalance();

  /** Extra attempts (retries and hedges) the budget refused so far. */
  long retryBudgetRefusals();

  /** {@code closed}, {@code open} or {@code half_open}; empty when there is no breaker. */
  Optional<String> circuitBreakerState();

  /** Calls the breaker refused so far (0 without a breaker). */
  long circuitBreakerRejections();

  /** The current concurrency limit; empty when calls are not limited. */
  OptionalInt concurrencyLimit();

  /** Calls holding a slot of the concurrency limit now (0 when not limited). */
  int concurrencyInFlight();

  /** Calls the concurrency limit refused so far. */
  long concurrencyLimitRejections();

  /** The delay before a hedge is sent now; empty when hedging is off. */
  Optional<Duration> hedgeDelay();
}
