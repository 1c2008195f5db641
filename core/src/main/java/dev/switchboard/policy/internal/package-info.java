/**
 * Implementation of the resilience policies: the pipeline steps ({@code BreakerFilter},
 * {@code LimitFilter}, {@code AttemptScheduler}), the breaker's states (one class per state), the
 * limit algorithms and the lock-free sliding windows. Not API: may change without notice.
 */
package dev.switchboard.policy.internal;
