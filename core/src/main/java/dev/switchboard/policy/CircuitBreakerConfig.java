package dev.switchboard.policy;

/**
 * The old name of {@link CircuitBreakerPolicy}; its factories return the new type, so
 * {@code CircuitBreakerConfig.builder()...build()} still fits {@code circuitBreaker(...)}.
 *
 * @deprecated renamed to {@link CircuitBreakerPolicy} (one suffix for every policy); removed in
 *     a later release
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class CircuitBreakerConfig {
  private CircuitBreakerConfig() {}

  /** @deprecated use {@link CircuitBreakerPolicy#disabled()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static CircuitBreakerPolicy disabled() {
    return CircuitBreakerPolicy.disabled();
  }

  /** @deprecated use {@link CircuitBreakerPolicy#defaults()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static CircuitBreakerPolicy defaults() {
    return CircuitBreakerPolicy.defaults();
  }

  /** @deprecated use {@link CircuitBreakerPolicy#builder()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static CircuitBreakerPolicy.Builder builder() {
    return CircuitBreakerPolicy.builder();
  }
}
