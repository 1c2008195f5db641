package dev.switchboard.policy;

/**
 * The old name of {@link ConcurrencyLimitPolicy}; its factories return the new type, so
 * {@code ConcurrencyLimitConfig.aimd()...build()} still fits {@code concurrencyLimit(...)}.
 *
 * @deprecated renamed to {@link ConcurrencyLimitPolicy} (one suffix for every policy); removed in
 *     a later release
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class ConcurrencyLimitConfig {
  private ConcurrencyLimitConfig() {}

  /** @deprecated use {@link ConcurrencyLimitPolicy#unlimited()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static ConcurrencyLimitPolicy unlimited() {
    return ConcurrencyLimitPolicy.unlimited();
  }

  /** @deprecated use {@link ConcurrencyLimitPolicy#fixed(int)} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static ConcurrencyLimitPolicy fixed(int maxConcurrency) {
    return ConcurrencyLimitPolicy.fixed(maxConcurrency);
  }

  /** @deprecated use {@link ConcurrencyLimitPolicy#aimd()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static ConcurrencyLimitPolicy.Builder aimd() {
    return ConcurrencyLimitPolicy.aimd();
  }

  /** @deprecated use {@link ConcurrencyLimitPolicy#gradient()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static ConcurrencyLimitPolicy.Builder gradient() {
    return ConcurrencyLimitPolicy.gradient();
  }
}
