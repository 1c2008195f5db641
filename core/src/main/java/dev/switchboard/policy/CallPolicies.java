package dev.switchboard.policy;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.internal.SharedRandom;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Every policy a call runs under, in one immutable object, whatever the transport: retries, the
 * retry budget, hedging, the circuit breaker, the concurrency limit and balancing, plus the
 * telemetry listener, the ticker, the timer and the random source they use. The HTTP client's
 * {@code ServiceConfig} holds one (its builder methods set its parts), and the gRPC channel
 * options take the same object, so one destination is configured the same way over both.
 * Each part validates itself when built; defaults and their anchors are in
 * {@link PolicyDefaults}. Immutable and thread-safe.
 *
 * <pre>{@code
 * CallPolicies policies = CallPolicies.builder()
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
 *     .hedgingPolicy(HedgingPolicy.adaptive(95))
 *     .circuitBreaker(CircuitBreakerPolicy.defaults())
 *     .build();
 * }</pre>
 *
 * <p>Tests inject time and randomness here: a fake ticker and a fake timer on the same clock
 * (the testing module's {@code FakeScheduler} is both) and a seeded random. The timer and the
 * ticker are independent: a fake ticker alone leaves timers on real time.
 */
public final class CallPolicies {
  private static final CallPolicies DEFAULTS = builder().build();

  private final RetryPolicy retryPolicy;
  private final RetryBudgetPolicy retryBudget;
  private final HedgingPolicy hedgingPolicy;
  private final CircuitBreakerPolicy circuitBreaker;
  private final ConcurrencyLimitPolicy concurrencyLimit;
  private final BalancingPolicy balancing;
  private final TelemetryListener telemetry;
  private final Ticker ticker;
  private final Timer timer;
  private final RandomGenerator random;

  private CallPolicies(Builder b) {
    this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    this.retryBudget = Objects.requireNonNull(b.retryBudget, "retryBudget");
    this.hedgingPolicy = Objects.requireNonNull(b.hedgingPolicy, "hedgingPolicy");
    this.circuitBreaker = Objects.requireNonNull(b.circuitBreaker, "circuitBreaker");
    this.concurrencyLimit = Objects.requireNonNull(b.concurrencyLimit, "concurrencyLimit");
    this.balancing = Objects.requireNonNull(b.balancing, "balancing");
    this.telemetry = Objects.requireNonNull(b.telemetry, "telemetry");
    this.ticker = Objects.requireNonNull(b.ticker, "ticker");
    this.timer = Objects.requireNonNull(b.timer, "timer");
    this.random = Objects.requireNonNull(b.random, "random");
  }

  /**
   * Retries on (3 attempts), the budget on (20% + 10/s), hedging, breaker and limit off,
   * round robin with outlier detection, no telemetry, the system ticker and timer.
   */
  public static CallPolicies defaults() { return DEFAULTS; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these policies. */
  public Builder toBuilder() {
    return new Builder().retryPolicy(retryPolicy).retryBudget(retryBudget).hedgingPolicy(hedgingPolicy)
        .circuitBreaker(circuitBreaker).concurrencyLimit(concurrencyLimit).balancing(balancing)
        .telemetry(telemetry).ticker(ticker).timer(timer).random(random);
  }

  /** When and how failed calls are retried. */
  public RetryPolicy retryPolicy() { return retryPolicy; }

  /** The size of the destination's retry budget, shared by retries and hedges. */
  public RetryBudgetPolicy retryBudget() { return retryBudget; }

  /** When calls are hedged; {@link HedgingPolicy#disabled()} by default. */
  public HedgingPolicy hedgingPolicy() { return hedgingPolicy; }

  /** The destination's circuit breaker; {@link CircuitBreakerPolicy#disabled()} by default. */
  public CircuitBreakerPolicy circuitBreaker() { return circuitBreaker; }

  /** The destination's concurrency limit; {@link ConcurrencyLimitPolicy#unlimited()} by default. */
  public ConcurrencyLimitPolicy concurrencyLimit() { return concurrencyLimit; }

  /** Balancing policy, health checks, outlier detection, panic threshold, slow start, zone. */
  public BalancingPolicy balancing() { return balancing; }

  /** Where call, attempt, policy and balancing events go. */
  public TelemetryListener telemetry() { return telemetry; }

  /** The time source every measurement reads (deadlines, latencies, windows). */
  public Ticker ticker() { return ticker; }

  /** Runs every timed task: deadlines, per-attempt timeouts, backoffs, hedges, limit waits, balancer timers. */
  public Timer timer() { return timer; }

  /** Coin flips for balancing (P2C, health-check jitter); retry jitter uses {@link RetryPolicy#random()}. */
  public RandomGenerator random() { return random; }

  /** True when a call may be sent more than once (retries or hedges). */
  public boolean makesExtraAttempts() { return retryPolicy.maxAttempts() > 1 || hedgingPolicy.enabled(); }

  @Override
  public String toString() {
    return "CallPolicies[" + retryPolicy + ", " + retryBudget
        + (hedgingPolicy.enabled() ? ", " + hedgingPolicy : "")
        + (circuitBreaker.enabled() ? ", " + circuitBreaker : "")
        + (concurrencyLimit.enabled() ? ", " + concurrencyLimit : "")
        + ", balancing=" + balancing.policy() + "]";
  }

  /** Builds {@link CallPolicies}; every part starts at its default. Not thread-safe. */
  public static final class Builder {
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryBudgetPolicy retryBudget = RetryBudgetPolicy.defaults();
    private HedgingPolicy hedgingPolicy = HedgingPolicy.disabled();
    private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.disabled();
    private ConcurrencyLimitPolicy concurrencyLimit = ConcurrencyLimitPolicy.unlimited();
    private BalancingPolicy balancing = BalancingPolicy.defaults();
    private TelemetryListener telemetry = TelemetryListener.NOOP;
    private Ticker ticker = Ticker.system();
    private Timer timer = Timer.system();
    private RandomGenerator random = SharedRandom.INSTANCE;

    private Builder() {}

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** {@link RetryBudgetPolicy#unlimited()} turns the budget off. */
    public Builder retryBudget(RetryBudgetPolicy retryBudget) {
      this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
      return this;
    }

    /** Hedges pay from the {@link #retryBudget}, like retries. */
    public Builder hedgingPolicy(HedgingPolicy hedgingPolicy) {
      this.hedgingPolicy = Objects.requireNonNull(hedgingPolicy, "hedgingPolicy");
      return this;
    }

    public Builder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
      this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
      return this;
    }

    public Builder concurrencyLimit(ConcurrencyLimitPolicy concurrencyLimit) {
      this.concurrencyLimit = Objects.requireNonNull(concurrencyLimit, "concurrencyLimit");
      return this;
    }

    public Builder balancing(BalancingPolicy balancing) {
      this.balancing = Objects.requireNonNull(balancing, "balancing");
      return this;
    }

    public Builder telemetry(TelemetryListener telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    public Builder ticker(Ticker ticker) { this.ticker = Objects.requireNonNull(ticker, "ticker"); return this; }
    public Builder timer(Timer timer) { this.timer = Objects.requireNonNull(timer, "timer"); return this; }

    /** Must be thread-safe unless the test is single-threaded. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public CallPolicies build() { return new CallPolicies(this); }
  }
}
