/**
 * Implementation of the call pipeline: {@code RealCall} (the engine's state behind the read-only
 * {@code Call}), {@code RealChain} (the filter cursor that enforces the filter contract), the
 * breaker and limit filters, the attempt engines ({@code AttemptScheduler} for retries,
 * {@code HedgingScheduler} and {@code HedgedRun} for hedges), and one attempt
 * ({@code DiscoveryGate}, {@code EndpointAttempt}, {@code EndpointPick}). Not API: may change
 * without notice; never used outside core.
 */
package dev.switchboard.pipeline.internal;
