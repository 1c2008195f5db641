/**
 * Resilience policies, per destination: {@link dev.switchboard.policy.RetryPolicy} (attempts,
 * full-jitter backoff, retryable conditions, per-attempt timeout), the shared
 * {@link dev.switchboard.policy.RetryBudget}, the {@link dev.switchboard.policy.CircuitBreaker}
 * and the {@link dev.switchboard.policy.ConcurrencyLimit} (fixed, AIMD, gradient), request hedging
 * ({@link dev.switchboard.policy.HedgingPolicy} with its live {@link dev.switchboard.policy.HedgeDelay}), plus
 * {@link dev.switchboard.policy.OverloadSignal} for cross-hop retry control. Configs are immutable
 * values with builders; every default and its source is in
 * {@link dev.switchboard.policy.PolicyDefaults}. The pipeline steps that apply them live in
 * {@code dev.switchboard.policy.internal}.
 */
package dev.switchboard.policy;
