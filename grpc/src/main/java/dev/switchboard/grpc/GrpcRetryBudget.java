package dev.switchboard.grpc;

/**
 * What {@link AttemptsClientInterceptor} needs from a retry budget: every call deposits, every
 * retry or hedge withdraws and is refused when the budget is empty. Implement it over the core
 * {@code RetryBudget} so HTTP and gRPC calls to one destination pay from the same tokens.
 * Implementations are thread-safe and lock-free.
 */
public interface GrpcRetryBudget {
  /** A call started: earn a fraction of a retry. */
  void deposit();

  /** A retry or hedge wants to go: true if paid for. */
  boolean tryWithdraw();
}
