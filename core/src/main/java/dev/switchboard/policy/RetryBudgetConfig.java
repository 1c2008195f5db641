package dev.switchboard.policy;

/**
 * The old name of {@link RetryBudgetPolicy}; its factories return the new type, so
 * {@code RetryBudgetConfig.builder()...build()} still fits every method that takes a budget.
 *
 * @deprecated renamed to {@link RetryBudgetPolicy} (one suffix for every policy); removed in a
 *     later release
 */
@Deprecated(since = "0.2", forRemoval = true)
public final class RetryBudgetConfig {
  private RetryBudgetConfig() {}

  /** @deprecated use {@link RetryBudgetPolicy#defaults()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static RetryBudgetPolicy defaults() {
    return RetryBudgetPolicy.defaults();
  }

  /** @deprecated use {@link RetryBudgetPolicy#unlimited()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static RetryBudgetPolicy unlimited() {
    return RetryBudgetPolicy.unlimited();
  }

  /** @deprecated use {@link RetryBudgetPolicy#builder()} */
  @Deprecated(since = "0.2", forRemoval = true)
  public static RetryBudgetPolicy.Builder builder() {
    return RetryBudgetPolicy.builder();
  }
}
