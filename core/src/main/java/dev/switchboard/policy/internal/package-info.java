/**
 * Implementation of the resilience policies: the circuit breaker's state machine (one class per
 * state), the concurrency-limit algorithms, and the lock-free sliding windows and histogram the
 * budget, breaker and hedge delay use. The pipeline steps that apply the policies live in
 * {@code dev.switchboard.pipeline.internal}. Not API: may change without notice; never used outside
 * core.
 */
package dev.switchboard.policy.internal;
