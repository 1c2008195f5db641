package dev.switchboard.health;

/**
 * The old name of {@link OutlierDetectionPolicy}; its factories return the new type, so
 * {@code OutlierDetectionOptions.builder()...build()} still fits {@code outlierDetection(...)}.
 *
 * @deprecated renamed to {@link OutlierDetectionPolicy} (one suffix for every policy); removed in
 *     a later release
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class OutlierDetectionOptions {
  private OutlierDetectionOptions() {}

  /** @deprecated use {@link OutlierDetectionPolicy#defaults()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static OutlierDetectionPolicy defaults() {
    return OutlierDetectionPolicy.defaults();
  }

  /** @deprecated use {@link OutlierDetectionPolicy#disabled()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static OutlierDetectionPolicy disabled() {
    return OutlierDetectionPolicy.disabled();
  }

  /** @deprecated use {@link OutlierDetectionPolicy#builder()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static OutlierDetectionPolicy.Builder builder() {
    return OutlierDetectionPolicy.builder();
  }
}
