package dev.switchboard.grpc;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.grpc.internal.ChannelConfigs;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How {@link SwitchboardGrpc#channelBuilder(String, GrpcChannelOptions)} configures a grpc-java
 * channel: core's {@link BalancingPolicy} (policy, active health checks including gRPC health
 * v1, outlier ejection, panic threshold, slow start, zone), deadlines, and the same retry engine and
 * budget as the HTTP client (core's {@link RetryPolicy}, {@link RetryBudgetPolicy} /
 * {@link RetryBudget}). Immutable; build with {@link #builder()}, change a copy with
 * {@link #toBuilder()}. Invalid values fail in {@link Builder#build()} naming the field.
 *
 * <pre>{@code
 * GrpcChannelOptions options = GrpcChannelOptions.builder()
 *     .balancer("peak_ewma")
 *     .healthCheckService("")                         // watch the server's overall health v1 status
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
 *     .hedging(HedgingPolicy.adaptive(95))            // idempotent methods only
 *     .idempotentMethods("users.UserService/CreateUser") // explicitly allowed to be re-sent
 *     .build();
 * }</pre>
 *
 * <p>Retry defaults are the HTTP client's ({@link RetryPolicy#defaults()}: 3 attempts, 25 ms x2 up
 * to 1 s; {@link RetryBudgetPolicy#defaults()}: 20% + 10/s over 10 s), so a service behaves the
 * same whichever transport it is called over.
 */
public final class GrpcChannelOptions {
  private final BalancingPolicy balancing;
  private final String healthCheckService;
  private final Duration deadlineMargin;
  private final Duration defaultTimeout;
  private final RetryPolicy retryPolicy;
  private final RetryBudgetPolicy retryBudgetConfig;
  private final RetryBudget sharedBudget;
  private final HedgingPolicy hedging;
  private final HedgeDelay sharedHedgeDelay;
  private final Set<String> idempotentMethods;
  private final TelemetryListener telemetry;
  private final Ticker ticker;
  private final RandomGenerator random;
  private final ChannelCredentials credentials;
  private volatile String configRef;

  private GrpcChannelOptions(Builder b) {
    Objects.requireNonNull(b.balancing, "balancing");
    BalancingPolicy balancing = b.balancing;
    if (b.balancer != null) {
      LoadBalancerPolicies.forName(b.balancer); // unknown names fail now, listing the known ones
      balancing = balancing.toBuilder().policy(b.balancer).build();
    }
    this.healthCheckService = b.healthCheckService;
    if (b.healthCheckService != null) {
      if (balancing.healthCheck().isPresent()) {
        throw new IllegalArgumentException("healthCheckService and balancing.healthCheck are both set; keep one");
      }
      balancing = balancing.toBuilder()
          .healthCheck(HealthCheckPolicy.builder(GrpcHealthChecker.v1(b.healthCheckService)).build()).build();
    }
    this.balancing = balancing;
    Objects.requireNonNull(b.deadlineMargin, "deadlineMargin");
    if (b.deadlineMargin.isNegative()) {
      throw new IllegalArgumentException("deadlineMargin must be >= 0: " + b.deadlineMargin);
    }
    this.deadlineMargin = b.deadlineMargin;
    if (b.defaultTimeout != null && (b.defaultTimeout.isNegative() || b.defaultTimeout.isZero())) {
      throw new IllegalArgumentException("defaultTimeout must be > 0: " + b.defaultTimeout);
    }
    this.defaultTimeout = b.defaultTimeout;
    this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    this.retryBudgetConfig = Objects.requireNonNull(b.retryBudgetConfig, "retryBudget");
    this.sharedBudget = b.sharedBudget;
    this.hedging = Objects.requireNonNull(b.hedging, "hedging");
    if (b.sharedHedgeDelay != null && b.sharedHedgeDelay.policy() != b.hedging) {
      throw new IllegalArgumentException("sharedHedgeDelay follows another hedging policy ("
          + b.sharedHedgeDelay.policy() + "); pass the same HedgingPolicy object to hedging(...)");
    }
    this.sharedHedgeDelay = b.sharedHedgeDelay;
    for (String m : b.idempotentMethods) {
      if (m == null || m.indexOf('/') <= 0) {
        throw new IllegalArgumentException("idempotentMethods must be full method names (\"pkg.Service/Method\"): " + m);
      }
    }
    this.idempotentMethods = Set.copyOf(b.idempotentMethods);
    this.telemetry = Objects.requireNonNull(b.telemetry, "telemetry");
    this.ticker = Objects.requireNonNull(b.ticker, "ticker");
    this.random = b.random;
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
  }

  /** Defaults: round_robin, no health checking, 5 ms margin, HTTP's retry defaults, no hedging. */
  public static GrpcChannelOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.balancing = healthCheckService == null ? balancing : balancing.toBuilder().healthCheck(null).build();
    b.healthCheckService = healthCheckService;
    b.deadlineMargin = deadlineMargin;
    b.defaultTimeout = defaultTimeout;
    b.retryPolicy = retryPolicy;
    b.retryBudgetConfig = retryBudgetConfig;
    b.sharedBudget = sharedBudget;
    b.hedging = hedging;
    b.sharedHedgeDelay = sharedHedgeDelay;
    b.idempotentMethods = idempotentMethods;
    b.telemetry = telemetry;
    b.ticker = ticker;
    b.random = random;
    b.credentials = credentials;
    return b;
  }

  /** The core policy name, e.g. {@code peak_ewma}. */
  public String balancer() {
    return balancing.policy();
  }

  /** Core balancing options: policy, health checks, outlier detection, panic, slow start, zone. */
  public BalancingPolicy balancing() {
    return balancing;
  }

  /** The health v1 service name checked with default intervals ({@code ""} = the whole server), or null. */
  public String healthCheckService() {
    return healthCheckService;
  }

  /** The reference the service config uses to hand the balancer these options. */
  String configRef() {
    String ref = configRef;
    if (ref == null) {
      synchronized (this) {
        if (configRef == null) {
          configRef = ChannelConfigs.register(new ChannelConfigs.Entry(balancing, telemetry, random));
        }
        ref = configRef;
      }
    }
    return ref;
  }

  /** Subtracted from the bound context's remaining time. */
  public Duration deadlineMargin() {
    return deadlineMargin;
  }

  /** The timeout of calls with no other deadline, or null. */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** When and how often a failed call is tried again (core's policy, as on HTTP). */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The size of the channel's own retry budget (ignored when a shared budget is given). */
  public RetryBudgetPolicy retryBudgetConfig() {
    return retryBudgetConfig;
  }

  /** The budget shared with other clients of the destination, or null for a per-channel one. */
  public RetryBudget sharedRetryBudget() {
    return sharedBudget;
  }

  /** Core's hedging policy ({@link HedgingPolicy#disabled()} by default). */
  public HedgingPolicy hedging() {
    return hedging;
  }

  /** The live hedge delay shared with other clients of the destination, or null for a per-channel one. */
  public HedgeDelay sharedHedgeDelay() {
    return sharedHedgeDelay;
  }

  /** Full method names that may be re-sent although the proto does not mark them idempotent. */
  public Set<String> idempotentMethods() {
    return idempotentMethods;
  }

  /** Told about retries, refused retries and hedges. */
  public TelemetryListener telemetry() {
    return telemetry;
  }

  /** The ticker of the per-channel retry budget. */
  public Ticker ticker() {
    return ticker;
  }

  /** The balancer's coin flips, or null for a thread-local random. */
  public RandomGenerator random() {
    return random;
  }

  /** Channel credentials (plaintext by default). */
  public ChannelCredentials credentials() {
    return credentials;
  }

  /** True when some call may make more than one attempt. */
  public boolean makesExtraAttempts() {
    return retryPolicy.maxAttempts() > 1 || hedging.enabled();
  }

  @Override
  public String toString() {
    return "GrpcChannelOptions[" + balancing + ", " + retryPolicy
        + (hedging.enabled() ? ", " + hedging : "")
        + ", budget=" + (sharedBudget != null ? "shared" : retryBudgetConfig) + "]";
  }

  /** Builds {@link GrpcChannelOptions}. Not thread-safe. */
  public static final class Builder {
    private BalancingPolicy balancing = BalancingPolicy.defaults();
    private String balancer;
    private String healthCheckService;
    private Duration deadlineMargin = Duration.ofMillis(5);
    private Duration defaultTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryBudgetPolicy retryBudgetConfig = RetryBudgetPolicy.defaults();
    private RetryBudget sharedBudget;
    private HedgingPolicy hedging = HedgingPolicy.disabled();
    private HedgeDelay sharedHedgeDelay;
    private Set<String> idempotentMethods = Set.of();
    private TelemetryListener telemetry = TelemetryListener.NOOP;
    private Ticker ticker = Ticker.system();
    private RandomGenerator random;
    private ChannelCredentials credentials = InsecureChannelCredentials.create();

    private Builder() {}

    /** A core policy name from {@link LoadBalancerPolicies#names()}; overrides {@code balancing.policy()}. */
    public Builder balancer(String policyName) {
      this.balancer = policyName;
      return this;
    }

    /** Core balancing options, exactly as an HTTP client's {@code ServiceConfig.balancing(...)}. */
    public Builder balancing(BalancingPolicy options) {
      this.balancing = options;
      return this;
    }

    /**
     * Shorthand for a {@code balancing.healthCheck} of {@link GrpcHealthChecker#v1(String)
     * gRPC health v1} on {@code serviceName} ({@code ""} = whole server) with
     * {@link HealthCheckPolicy}' default interval and thresholds; null turns it off.
     */
    public Builder healthCheckService(String serviceName) {
      this.healthCheckService = serviceName;
      return this;
    }

    public Builder deadlineMargin(Duration margin) {
      this.deadlineMargin = margin;
      return this;
    }

    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = timeout;
      return this;
    }

    /** The retry policy; {@link RetryPolicy#noRetries()} turns retries off. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = policy;
      return this;
    }

    /** The size of this channel's own retry budget; {@link RetryBudgetPolicy#unlimited()} for none. */
    public Builder retryBudget(RetryBudgetPolicy config) {
      this.retryBudgetConfig = config;
      return this;
    }

    /**
     * Pays retries and hedges from {@code budget}, e.g. the budget of the HTTP client of the same
     * destination ({@code pipeline.policies().retryBudget()}); null for a per-channel budget.
     */
    public Builder sharedRetryBudget(RetryBudget budget) {
      this.sharedBudget = budget;
      return this;
    }

    /**
     * Hedges idempotent calls with core's {@link HedgingPolicy} (fixed or adaptive delay,
     * non-fatal outcomes, {@code maxAttempts}), exactly as the HTTP pipeline does. Which calls:
     * the gRPC idempotency rule of {@link AttemptsClientInterceptor} decides; the policy's
     * {@code methods}/{@code keyedMethods} name HTTP methods and do not apply to gRPC. Every hedge
     * pays one token from the retry budget.
     */
    public Builder hedging(HedgingPolicy policy) {
      this.hedging = Objects.requireNonNull(policy, "hedging");
      return this;
    }

    /** {@link #hedging(HedgingPolicy)} with a fixed {@code delay} and {@code maxAttempts} in all. */
    public Builder hedging(int maxAttempts, Duration delay) {
      return hedging(HedgingPolicy.builder().maxAttempts(maxAttempts).fixedDelay(delay).build());
    }

    /** Turns hedging off. */
    public Builder noHedging() {
      return hedging(HedgingPolicy.disabled());
    }

    /**
     * Uses {@code delay}'s live latency window, e.g. the HTTP client's of the same destination
     * ({@code client.policies().hedgeDelay()}), so an adaptive delay learns from both transports;
     * pass its policy to {@link #hedging(HedgingPolicy)} too. Null for a per-channel one.
     */
    public Builder sharedHedgeDelay(HedgeDelay delay) {
      this.sharedHedgeDelay = delay;
      return this;
    }

    /**
     * Methods (full names, {@code "pkg.Service/Method"}) that may be retried and hedged although
     * the proto does not declare them {@code idempotency_level = IDEMPOTENT} or
     * {@code NO_SIDE_EFFECTS}. Per call: {@code stub.withOption(SwitchboardGrpc.IDEMPOTENT, true)}.
     */
    public Builder idempotentMethods(String... fullMethodNames) {
      this.idempotentMethods = Set.copyOf(Arrays.asList(fullMethodNames));
      return this;
    }

    public Builder telemetry(TelemetryListener telemetry) {
      this.telemetry = telemetry;
      return this;
    }

    /** The ticker of the per-channel retry budget (a fake one in tests). */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /**
     * The balancer's random source (P2C coin flips, random picks, health-check jitter); a seeded,
     * thread-safe one makes picks reproducible in tests. Null (the default) uses a thread-local
     * random.
     */
    public Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    public Builder credentials(ChannelCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    public GrpcChannelOptions build() {
      return new GrpcChannelOptions(this);
    }
  }
}
