package dev.switchboard.policy;

import java.time.Duration;

/**
 * The catalogue of every resilience default, each with the anchor it comes from. The builders of
 * {@link RetryPolicy}, {@link RetryBudgetPolicy}, {@link HedgingPolicy}, {@link CircuitBreakerPolicy}
 * and {@link ConcurrencyLimitPolicy} start from these values. Constants only; thread-safe.
 *
 * <p>What a destination configured with a target and a timeout only does, for HTTP and gRPC alike
 * (the same table is in {@code docs/USER_GUIDE.md}, "Defaults"; the measurements are
 * {@code switchboard lab defaults}, recorded in {@code docs/BENCHMARKS.md}):
 *
 * <table>
 *   <caption>The defaults chosen by evidence (issue 17)</caption>
 *   <tr><th>what</th><th>default</th><th>why</th><th>anchor</th></tr>
 *   <tr><td>balancer</td><td>{@code least_request}: power of two choices, fewer requests in flight
 *       (per unit of weight) wins</td>
 *       <td>a hung replica's stuck requests push it out of nearly every pair from the first calls (with
 *       {@code peak_ewma}, the fewest attempts to it of every policy, where round robin gives it 1/11);
 *       idle traffic splits exactly by weight and a backing-off replica's share evenly, where
 *       {@code peak_ewma}'s sticky peaks herd idle traffic onto one replica</td>
 *       <td>Finagle ({@code p2c} least loaded); Linkerd, "Beyond Round Robin"</td></tr>
 *   <tr><td>hedging</td><td>idempotent calls, one hedge after min(p99 latency, ½ of the call's time),
 *       slowness only (failures go to the retry policy)</td>
 *       <td>rescues a call stuck on a hung or black-holed replica while its deadline still allows an
 *       answer, for about 1% extra load; the ½ bound works from a cold start, before p99 is known</td>
 *       <td>Tail at Scale; Finagle BackupRequestFilter (1% extra load)</td></tr>
 *   <tr><td>stuck attempts</td><td>a timed-out attempt, a hedge loser sent at least half a hedge
 *       delay before the winner, and one still running at the deadline (longer than the hedge delay) count against
 *       their endpoint</td><td>a hung replica is ejected after 5 such, instead of ending every call as an
 *       unattributed {@code DEADLINE_EXCEEDED}</td><td>Envoy {@code consecutive_local_origin_failure}</td></tr>
 *   <tr><td>connectivity</td><td>a connection refused, reset or timed out takes the endpoint out at once,
 *       outside the ejection bound, until a TCP probe connects (backoff 1 s × 1.6 up to 120 s, ±20%); a
 *       stuck attempt triggers a 500 ms probe, so a black hole leaves too</td>
 *       <td>a dead or black-holed replica cannot serve whatever percentage it is; panic only when none
 *       of a level is connectable</td><td>gRPC subchannels leaving READY; gRPC connection backoff</td></tr>
 *   <tr><td>outlier ejection</td><td>5 consecutive failures, success rate; at most 10% (at least one) for
 *       failures; latency separately: mean over 1 s intervals, 3× the median for 2 intervals, at most 10%
 *       (at least one), 5 s × count</td><td>a slow replica leaves in 2-3 s (was about 20 s), comes back
 *       soon when it recovers, and never holds the slot a failing one needs</td>
 *       <td>Envoy outlier detection, gRPC A50</td></tr>
 *   <tr><td>retry budget + throttle</td><td>20% of calls + 10/s over 10 s, and a 20-token throttle (−1 per
 *       failed attempt, +0.25 per success, retries and hedges only above half)</td><td>the budget caps how
 *       much retries add; the throttle stops them when the destination mostly fails: an outage costs
 *       about N + 10 requests (was 1.25 N), a dead leaf 1.0x per layer</td>
 *       <td>Finagle RetryBudget; gRFC A6 retry throttling</td></tr>
 *   <tr><td>Retry-After</td><td>the endpoint gives up its turn inside the picker</td><td>its share spreads
 *       evenly over the others (round robin used to give it all to one neighbour)</td><td>-</td></tr>
 * </table>
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

  // ---- failure throttle [gRFC A6 "Retry throttling"] ----

  /**
   * The throttle's bucket: 20 tokens, so extra attempts stop after about 10 failures more than
   * the successes repaid [gRFC A6; its example uses 10]. 20 rather than 10 so that the attempts in
   * flight on a replica that dies at once (their connections reset together) cannot close it.
   */
  public static final int THROTTLE_MAX_TOKENS = 20;
  /**
   * A successful attempt gives back 0.25 token: retries stay on below 1 failed attempt in 5, the
   * same 20% the budget allows [gRFC A6's mechanism; its example's 0.1 keeps them on only below 1
   * in 11]. At 0.1, one replica of three answering 24% 503s (8% of attempts) closed the throttle on
   * ordinary runs of failures and lost 1% of calls that a naive retrying client saved
   * ({@code switchboard demo}, 503 phase); an outage still closes it after about 10 failures.
   */
  public static final double THROTTLE_TOKEN_RATIO = 0.25;

  // ---- hedging [Tail at Scale (Dean, Barroso 2013); Finagle BackupRequestFilter] ----

  /** One hedge at most: two attempts per call [DESIGN.md; Finagle sends one backup request]. */
  public static final int HEDGE_MAX_ATTEMPTS = 2;
  /**
   * Hedge after the destination's p99 latency: about 1% extra load, which is what makes hedging
   * affordable as a default [Tail at Scale hedges at p95 for 5%; Finagle BackupRequestFilter's
   * default maxExtraLoad is 1%]. Set {@code adaptiveDelay(95)} to cut the tail harder.
   */
  public static final double HEDGE_PERCENTILE = 99.0;
  /**
   * The hedge delay never exceeds half of the call's whole time, so a call stuck on a hung replica
   * is hedged while its deadline leaves as much time for the hedge as the original had to answer
   * (before the percentile has samples the delay would otherwise be {@link #HEDGE_MAX_DELAY}, the
   * whole of a 1 s timeout: measured, 94.7% success with one hung replica of 11).
   */
  public static final double HEDGE_MAX_DELAY_FRACTION = 0.5;
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
