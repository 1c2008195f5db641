/**
 * What the transport and registry modules share with core beyond the public API, documented and
 * stable like it: {@link dev.switchboard.spi.SharedExecutor}, the process-wide executor for work
 * that is not timing. Interfaces a module implements live with their concept instead
 * ({@code pipeline.Transport}, {@code discovery.DiscoveryProvider}, {@code balancer.LoadBalancerPolicy},
 * {@code health.HealthChecker}). Classes in {@code internal} packages are never used outside core.
 */
package dev.switchboard.spi;
