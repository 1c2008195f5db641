package dev.switchboard.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The live resilience state of one destination, created once per client pipeline from its
 * {@link CallPolicies}: the retry budget (shared by retries and hedges), the circuit breaker,
 * the concurrency limit and the hedge delay (each absent when disabled). Immutable holder of
 * thread-safe parts.
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

  /** Fresh state for {@code service} under {@code policies}; limit waits use its timer. */
  public static DestinationPolicies create(String service, CallPolicies policies) {
    Objects.requireNonNull(service, "service");
    RetryBudget budget = RetryBudget.create(policies.retryBudget(), policies.ticker());
    CircuitBreaker breaker = policies.circuitBreaker().enabled()
        ? CircuitBreaker.create(policies.circuitBreaker(), service, policies.ticker(), policies.telemetry())
        : null;
    ConcurrencyLimit limit = policies.concurrencyLimit().enabled()
        ? ConcurrencyLimit.create(policies.concurrencyLimit(), service, policies.ticker(), policies.telemetry(),
            policies.timer())
        : null;
    HedgeDelay hedgeDelay = policies.hedgingPolicy().enabled()
        ? HedgeDelay.create(policies.hedgingPolicy(), policies.ticker())
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
