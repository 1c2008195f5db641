/**
 * Resilience policies, per destination, one suffix for one idea: {@link
 * dev.switchboard.policy.RetryPolicy} (attempts, full-jitter backoff, retryable conditions on the
 * outcome, per-attempt timeout), {@link dev.switchboard.policy.RetryBudgetPolicy} for the shared
 * {@link dev.switchboard.policy.RetryBudget}, {@link dev.switchboard.policy.CircuitBreakerPolicy}
 * for the {@link dev.switchboard.policy.CircuitBreaker}, {@link
 * dev.switchboard.policy.ConcurrencyLimitPolicy} for the {@link dev.switchboard.policy.ConcurrencyLimit}
 * (fixed, AIMD, gradient), request hedging ({@link dev.switchboard.policy.HedgingPolicy} with its
 * live {@link dev.switchboard.policy.HedgeDelay}), all gathered in one {@link
 * dev.switchboard.policy.CallPolicies}; plus {@link dev.switchboard.policy.OverloadSignal} for
 * cross-hop retry control. Policies are immutable values with builders, validated in
 * {@code build()}; they judge outcomes, never a transport's request, so HTTP and gRPC share them.
 * Every default and its source is in {@link dev.switchboard.policy.PolicyDefaults}. The pipeline
 * steps that apply them live in {@code dev.switchboard.pipeline.internal}.
 */
package dev.switchboard.policy;
