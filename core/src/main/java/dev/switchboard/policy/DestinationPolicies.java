package dev.switchboard.policy;

import dev.switchboard.client.ServiceConfig;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The live resilience state of one destination, created once per client pipeline from its
 * {@link ServiceConfig}: the retry budget (shared by retries and hedges), the circuit breaker and
 * the concurrency limit and the hedge delay (each absent when disabled). Immutable holder of thread-safe parts.
 */
public final class DestinationPolicies {
  private final RetryBudget budget;
  private final CircuitBreaker breaker;
  private final ConcurrencyLimit limit;
  private final HedgeDelay hedgeDelay;

  private DestinationPolicies(RetryBudget budget, CircuitBreaker breaker, ConcurrencyLimit limit,
      HedgeDelay hedgeDelay) {
    this.budget = budget;
    this.breaker = breaker;
    this.limit = limit;
    this.hedgeDelay = hedgeDelay;
  }

  /** Fresh state for {@code config}'s destination; waiters and timers use {@code scheduler}. */
  public static DestinationPolicies create(ServiceConfig config, ScheduledExecutorService scheduler) {
    RetryBudget budget = RetryBudget.create(config.retryBudget(), config.ticker());
    CircuitBreaker breaker = config.circuitBreaker().enabled()
        ? CircuitBreaker.create(config.circuitBreaker(), config.name(), config.ticker(), config.telemetry())
        : null;
    ConcurrencyLimit limit = config.concurrencyLimit().enabled()
        ? ConcurrencyLimit.create(config.concurrencyLimit(), config.name(), config.ticker(), config.telemetry(), scheduler)
        : null;
    HedgeDelay hedgeDelay = config.hedgingPolicy().enabled()
        ? HedgeDelay.create(config.hedgingPolicy(), config.ticker())
        : null;
    return new DestinationPolicies(budget, breaker, limit, hedgeDelay);
  }

  /** The retry budget every source of extra attempts pays from. */
  public RetryBudget retryBudget() {
    return budget;
  }

  /** The circuit breaker, unless disabled. */
  public Optional<CircuitBreaker> circuitBreaker() {
    return Optional.ofNullable(breaker);
  }

  /** The concurrency limit, unless unlimited. */
  public Optional<ConcurrencyLimit> concurrencyLimit() {
    return Optional.ofNullable(limit);
  }

  /** The live hedge delay (fixed, or following the latency percentile), unless hedging is off. */
  public Optional<HedgeDelay> hedgeDelay() {
    return Optional.ofNullable(hedgeDelay);
  }

  @Override
  public String toString() {
    return "DestinationPolicies[" + budget + ", " + breaker + ", " + limit + "]";
  }
}
