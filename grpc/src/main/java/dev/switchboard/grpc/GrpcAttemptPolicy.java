package dev.switchboard.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Retries and hedging for gRPC calls, run by {@link AttemptsClientInterceptor}. Immutable; build
 * with {@link #builder()}. Every attempt after the first goes to an endpoint this call has not
 * tried yet (when one remains), honours {@code grpc-retry-pushback-ms}, and is never started past
 * the call's deadline.
 *
 * <ul>
 *   <li>Retry: after a {@linkplain GrpcErrors#retryable retryable} failure, wait a full-jitter
 *       exponential backoff ({@link #backoffBase()} x2 up to {@link #backoffCap()}) and try again.
 *   <li>Hedging ({@link #hedgeDelay()} set): if no answer came after the delay, send another
 *       attempt to another endpoint; the first answer wins and the others are cancelled on the
 *       wire (the server sees CANCELLED). A retryable failure sends the next hedge at once.
 * </ul>
 *
 * <p>Methods that are not idempotent (per the proto's {@code idempotency_level}, i.e.
 * {@code MethodDescriptor.isIdempotent()}) are never hedged and are retried only when the first
 * attempt provably never reached a server.
 *
 * <p>Defaults follow gRPC A6 and Envoy: 3 attempts at most (cap 5), 25 ms base, 1 s cap.
 */
public final class GrpcAttemptPolicy {
  /** No call makes more attempts than this. */
  public static final int MAX_ATTEMPTS_CAP = 5;
  private static final GrpcAttemptPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration hedgeDelay;
  private final Duration backoffBase;
  private final Duration backoffCap;
  private final GrpcRetryBudget budget;

  private GrpcAttemptPolicy(Builder b) {
    if (b.maxAttempts < 1 || b.maxAttempts > MAX_ATTEMPTS_CAP) {
      throw new IllegalArgumentException("maxAttempts must be 1.." + MAX_ATTEMPTS_CAP + ": " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    if (b.hedgeDelay != null && b.hedgeDelay.isNegative()) {
      throw new IllegalArgumentException("hedgeDelay must be >= 0: " + b.hedgeDelay);
    }
    this.hedgeDelay = b.hedgeDelay;
    this.backoffBase = positive("backoffBase", b.backoffBase);
    this.backoffCap = positive("backoffCap", b.backoffCap);
    if (backoffCap.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoffCap must be >= backoffBase: " + backoffCap);
    }
    this.budget = b.budget;
  }

  /** One attempt, no hedging. */
  public static GrpcAttemptPolicy none() {
    return NONE;
  }

  /** Up to {@code maxAttempts} attempts with default backoff. */
  public static GrpcAttemptPolicy retries(int maxAttempts) {
    return builder().maxAttempts(maxAttempts).build();
  }

  /** Up to {@code maxAttempts} attempts, a new one every {@code delay} until one answers. */
  public static GrpcAttemptPolicy hedging(int maxAttempts, Duration delay) {
    return builder().maxAttempts(maxAttempts).hedgeDelay(delay).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.hedgeDelay = hedgeDelay;
    b.backoffBase = backoffBase;
    b.backoffCap = backoffCap;
    b.budget = budget;
    return b;
  }

  /** Attempts in all, first included (1..5). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The hedging delay, or null when this policy only retries. */
  public Duration hedgeDelay() {
    return hedgeDelay;
  }

  /** First backoff ceiling. */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** Backoff ceiling cap. */
  public Duration backoffCap() {
    return backoffCap;
  }

  /** The budget every retry and hedge pays from, or null for none. */
  public GrpcRetryBudget budget() {
    return budget;
  }

  private static Duration positive(String field, Duration d) {
    Objects.requireNonNull(d, field);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0: " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "GrpcAttemptPolicy[maxAttempts=" + maxAttempts + (hedgeDelay == null ? "" : ", hedgeDelay=" + hedgeDelay) + "]";
  }

  /** Builds {@link GrpcAttemptPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration hedgeDelay;
    private Duration backoffBase = Duration.ofMillis(25);
    private Duration backoffCap = Duration.ofSeconds(1);
    private GrpcRetryBudget budget;

    private Builder() {}

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Turns on hedging with this delay; null turns it off. */
    public Builder hedgeDelay(Duration delay) {
      this.hedgeDelay = delay;
      return this;
    }

    public Builder backoffBase(Duration base) {
      this.backoffBase = base;
      return this;
    }

    public Builder backoffCap(Duration cap) {
      this.backoffCap = cap;
      return this;
    }

    /** Shares {@code budget} with other clients of the same destination (HTTP ones too). */
    public Builder budget(GrpcRetryBudget budget) {
      this.budget = budget;
      return this;
    }

    public GrpcAttemptPolicy build() {
      return new GrpcAttemptPolicy(this);
    }
  }
}
