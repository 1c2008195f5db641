package dev.switchboard.policy;

import java.time.Duration;

/**
 * The catalogue of every resilience default, each with the anchor it comes from. The builders of
 * {@link RetryPolicy}, {@link RetryBudgetPolicy}, {@link CircuitBreakerPolicy} and
 * {@link ConcurrencyLimitPolicy} start from these values. Constants only; thread-safe.
 */
public final class PolicyDefaults {
  private PolicyDefaults() {}

  // ---- retries [gRPC A6 "Client retries"; Envoy retry policy; AWS "full jitter"] ----

  /** Attempts per call including the first: 3 [gRPC A6 examples]. */
  public static final int MAX_ATTEMPTS = 3;
  /** No call makes more than 5 attempts, whatever is configured [gRPC A6 caps maxAttempts at 5]. */
  public static final int MAX_ATTEMPTS_CAP = 5;
  /** First backoff ceiling: 25 ms [Envoy base_interval]. */
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(25);
  /** Each retry doubles the ceiling [Envoy, gRPC A6]. */
  public static final double BACKOFF_MULTIPLIER = 2.0;
  /** The ceiling never exceeds 1 s [gRPC A6 maxBackoff example; Envoy uses 10x base]. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  // ---- retry budget [Finagle RetryBudget; Linkerd retry budgets] ----

  /** Retries may add 20% to the requests of the last window [Finagle percentCanRetry 0.2]. */
  public static final double BUDGET_RATIO = 0.2;
  /** Plus 10 retries per second, so low-traffic clients can still retry [Finagle minRetriesPerSec]. */
  public static final int BUDGET_MIN_RETRIES_PER_SECOND = 10;
  /** Deposits and withdrawals expire after 10 s [Finagle ttl, Linkerd ttl]. */
  public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);

  // ---- hedging [Tail at Scale (Dean, Barroso 2013); Finagle BackupRequestFilter] ----

  /** One hedge at most: two attempts per call [DESIGN.md; Finagle sends one backup request]. */
  public static final int HEDGE_MAX_ATTEMPTS = 2;
  /** Hedge after the destination's p95 latency, about 5% extra load [Tail at Scale]. */
  public static final double HEDGE_PERCENTILE = 95.0;
  /** An adaptive delay is never below 1 ms, so a very fast service is not hedged on noise. */
  public static final Duration HEDGE_MIN_DELAY = Duration.ofMillis(1);
  /** An adaptive delay is never above 1 s (the retry backoff cap); also used while warming up. */
  public static final Duration HEDGE_MAX_DELAY = Duration.ofSeconds(1);
  /** Latencies count for 10 s, like the budget's window [Finagle windowed percentile histogram]. */
  public static final Duration HEDGE_WINDOW = Duration.ofSeconds(10);
  /** The percentile is trusted after 100 latencies (p95 is then the 5th slowest). */
  public static final int HEDGE_MIN_SAMPLES = 100;

  // ---- circuit breaker [resilience4j CircuitBreakerPolicy; Hystrix] ----

  /** Opens at 50% server-fault failures [resilience4j failureRateThreshold, Hystrix]. */
  public static final double BREAKER_FAILURE_RATE = 0.5;
  /** Failure rate over the last 100 calls [resilience4j slidingWindowSize]. */
  public static final int BREAKER_WINDOW_CALLS = 100;
  /** Time-based window length when chosen instead: 10 s [Hystrix metrics.rollingStats]. */
  public static final Duration BREAKER_WINDOW_DURATION = Duration.ofSeconds(10);
  /** No verdict before 20 calls [Hystrix requestVolumeThreshold]. */
  public static final int BREAKER_MINIMUM_CALLS = 20;
  /**
   * Stays open 10 s before probing: between Hystrix's 5 s sleep window and resilience4j's 60 s,
   * long enough for a restart, short enough not to prolong a blip.
   */
  public static final Duration BREAKER_OPEN_DURATION = Duration.ofSeconds(10);
  /** Half-open lets 5 trial calls through; all must succeed to close [resilience4j uses 10]. */
  public static final int BREAKER_HALF_OPEN_CALLS = 5;

  // ---- concurrency limits [Netflix concurrency-limits] ----

  /** Adaptive limits start at 20 [Netflix AIMDLimit/Gradient2Limit initialLimit]. */
  public static final int LIMIT_INITIAL = 20;
  /** Adaptive limits never go below 1 [Netflix minLimit is 20; 1 keeps a trickle to probe]. */
  public static final int LIMIT_MIN = 1;
  /** Adaptive limits never exceed 200 [Netflix maxConcurrency]. */
  public static final int LIMIT_MAX = 200;
  /** AIMD multiplies the limit by 0.9 on a drop [Netflix AIMDLimit backoffRatio]. */
  public static final double AIMD_BACKOFF_RATIO = 0.9;
  /** AIMD treats a call slower than 5 s as a drop [Netflix AIMDLimit timeout]. */
  public static final Duration AIMD_LATENCY_THRESHOLD = Duration.ofSeconds(5);
  /** Gradient tolerates short RTT up to 1.5x the long RTT before shrinking [Netflix Gradient2 rttTolerance]. */
  public static final double GRADIENT_TOLERANCE = 1.5;
  /** Gradient smoothing factor per window [Netflix Gradient2 smoothing 0.2]. */
  public static final double GRADIENT_SMOOTHING = 0.2;
  /** Gradient long RTT averages over about 600 windows [Netflix Gradient2 longWindow]. */
  public static final int GRADIENT_LONG_WINDOW = 600;
  /** Gradient samples over windows of at least 100 ms or 10 calls [Netflix WindowedLimit]. */
  public static final Duration GRADIENT_SAMPLE_WINDOW = Duration.ofMillis(100);
  /** A full limit does not queue by default: callers fail fast [Envoy max_pending_requests off]. */
  public static final Duration LIMIT_MAX_WAIT = Duration.ZERO;
}
