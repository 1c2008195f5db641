package dev.switchboard.balancer;

/**
 * The old name of {@link BalancingPolicy}; its factories return the new type, so
 * {@code BalancingOptions.builder()...build()} still fits {@code balancing(...)}.
 *
 * @deprecated renamed to {@link BalancingPolicy} (one suffix for every policy); removed in a
 *     later release
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class BalancingOptions {
  private BalancingOptions() {}

  /** @deprecated use {@link BalancingPolicy#defaults()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static BalancingPolicy defaults() {
    return BalancingPolicy.defaults();
  }

  /** @deprecated use {@link BalancingPolicy#builder()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static BalancingPolicy.Builder builder() {
    return BalancingPolicy.builder();
  }
}
