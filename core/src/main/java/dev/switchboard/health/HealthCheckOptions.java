package dev.switchboard.health;

/**
 * The old name of {@link HealthCheckPolicy}; its factories return the new type, so
 * {@code HealthCheckOptions.builder(checker)...build()} still fits {@code healthCheck(...)}.
 *
 * @deprecated renamed to {@link HealthCheckPolicy} (one suffix for every policy); removed in a
 *     later release
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class HealthCheckOptions {
  private HealthCheckOptions() {}

  /** @deprecated use {@link HealthCheckPolicy#builder(HealthChecker)} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static HealthCheckPolicy.Builder builder(HealthChecker checker) {
    return HealthCheckPolicy.builder(checker);
  }

  /** @deprecated use {@link HealthCheckPolicy#http(String)} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static HealthCheckPolicy http(String path) {
    return HealthCheckPolicy.http(path);
  }

  /** @deprecated use {@link HealthCheckPolicy#tcp()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static HealthCheckPolicy tcp() {
    return HealthCheckPolicy.tcp();
  }
}
