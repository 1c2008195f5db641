package dev.switchboard.grpc;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.grpc.internal.ChannelLink;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudget;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How {@link SwitchboardGrpc#channelBuilder(String, GrpcChannelOptions)} configures a grpc-java
 * channel. The resilience part is one {@link CallPolicies}, the object an HTTP client's
 * {@code ServiceConfig} holds (retries, budget, hedging, circuit breaker, concurrency limit,
 * balancing with health checks, telemetry, ticker, timer, random), run by the same
 * {@code CallPipeline}; the rest is gRPC's own (name, deadlines, idempotent methods, filters,
 * credentials). The builder's shorthands set parts of the policies, exactly as
 * {@code ServiceConfig.Builder}'s do. Immutable; invalid values fail in {@link Builder#build()}
 * naming the field.
 *
 * <pre>{@code
 * GrpcChannelOptions options = GrpcChannelOptions.builder()
 *     .name("users")
 *     .balancer("peak_ewma")
 *     .healthCheckService("")                            // watch the server's health v1 status
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
 *     .hedgingPolicy(HedgingPolicy.adaptive(95))         // idempotent methods only
 *     .circuitBreaker(CircuitBreakerPolicy.defaults())
 *     .idempotentMethods("users.UserService/CreateUser") // explicitly allowed to be re-sent
 *     .build();
 * }</pre>
 *
 * <p>Defaults are {@link CallPolicies#defaults()}: 3 attempts (25 ms x2 up to 1 s), a 20% + 10/s
 * budget, no hedging, breaker or limit, round robin; so a service behaves the same whichever
 * transport it is called over.
 */
public final class GrpcChannelOptions {
  private final CallPolicies given; // as the builder had them: toBuilder() starts from these
  private final CallPolicies policies; // with the health-check shorthand applied
  private final CallPolicies pipelinePolicies;
  private final String name;
  private final String healthCheckService;
  private final Duration deadlineMargin;
  private final Duration defaultTimeout;
  private final Duration initialResolutionTimeout;
  private final RetryBudget sharedBudget;
  private final HedgeDelay sharedHedgeDelay;
  private final Set<String> idempotentMethods;
  private final List<Filter> filters;
  private final ChannelCredentials credentials;
  private volatile ChannelLink link;

  private GrpcChannelOptions(Builder b) {
    CallPolicies p = b.policies.build();
    if (b.balancer != null) {
      LoadBalancerPolicies.forName(b.balancer); // unknown names fail now, listing the known ones
      p = p.toBuilder().balancing(p.balancing().toBuilder().policy(b.balancer).build()).build();
    }
    this.given = p;
    this.healthCheckService = b.healthCheckService;
    if (b.healthCheckService != null) {
      if (p.balancing().healthCheck().isPresent()) {
        throw new IllegalArgumentException("healthCheckService and balancing.healthCheck are both set; keep one");
      }
      p = p.toBuilder().balancing(p.balancing().toBuilder()
          .healthCheck(HealthCheckPolicy.builder(GrpcHealthChecker.v1(b.healthCheckService)).build()).build()).build();
    }
    this.policies = p;
    // gRPC calls are POSTs on the wire; hedging one is allowed exactly when it is idempotent, which
    // is HTTP's rule for a keyed POST. (The policy's HTTP method lists do not apply to gRPC.)
    HedgingPolicy hedging = p.hedgingPolicy();
    this.pipelinePolicies = !hedging.enabled() ? p
        : p.toBuilder().hedgingPolicy(hedging.toBuilder().keyedMethods("POST").build()).build();
    if (b.name != null && b.name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = b.name;
    this.deadlineMargin = nonNegative("deadlineMargin", b.deadlineMargin);
    this.defaultTimeout = b.defaultTimeout == null ? null : positive("defaultTimeout", b.defaultTimeout);
    this.initialResolutionTimeout = positive("initialResolutionTimeout", b.initialResolutionTimeout);
    this.sharedBudget = b.sharedBudget;
    if (b.sharedHedgeDelay != null && b.sharedHedgeDelay.policy() != hedging) {
      throw new IllegalArgumentException("sharedHedgeDelay follows another hedging policy ("
          + b.sharedHedgeDelay.policy() + "); pass the same HedgingPolicy object to hedgingPolicy(...)");
    }
    this.sharedHedgeDelay = b.sharedHedgeDelay;
    for (String m : b.idempotentMethods) {
      if (m == null || m.indexOf('/') <= 0) {
        throw new IllegalArgumentException("idempotentMethods must be full method names (\"pkg.Service/Method\"): " + m);
      }
    }
    this.idempotentMethods = Set.copyOf(b.idempotentMethods);
    this.filters = List.copyOf(b.filters);
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
  }

  /** Defaults: {@link CallPolicies#defaults()}, 5 ms margin, no default timeout, plaintext. */
  public static GrpcChannelOptions defaults() { return builder().build(); }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policies = given.toBuilder();
    b.name = name;
    b.healthCheckService = healthCheckService;
    b.deadlineMargin = deadlineMargin;
    b.defaultTimeout = defaultTimeout;
    b.initialResolutionTimeout = initialResolutionTimeout;
    b.sharedBudget = sharedBudget;
    b.sharedHedgeDelay = sharedHedgeDelay;
    b.idempotentMethods = List.copyOf(idempotentMethods);
    b.filters.addAll(filters);
    b.credentials = credentials;
    return b;
  }

  /** Every policy calls on this channel run under (the health-check shorthand included). */
  public CallPolicies policies() { return policies; }

  /** The name used in telemetry, errors and logs, or null: the target's service name then. */
  public String name() { return name; }

  /** The core policy name, e.g. {@code peak_ewma}. */
  public String balancer() { return policies.balancing().policy(); }

  /** Core balancing options: policy, health checks, outlier detection, panic, slow start, zone. */
  public BalancingPolicy balancing() { return policies.balancing(); }

  /** The health v1 service name checked with default intervals ({@code ""} = the whole server), or null. */
  public String healthCheckService() { return healthCheckService; }

  /** Subtracted from each attempt's remaining time sent as {@code grpc-timeout}: room for the way back. */
  public Duration deadlineMargin() { return deadlineMargin; }

  /** The timeout of calls no deadline bounds (no stub deadline, no inbound deadline), or null. */
  public Duration defaultTimeout() { return defaultTimeout; }

  /** How long attempts wait for discovery's first answer and the first connection. */
  public Duration initialResolutionTimeout() { return initialResolutionTimeout; }

  /** When and how often a failed call is tried again (core's policy, as on HTTP). */
  public RetryPolicy retryPolicy() { return policies.retryPolicy(); }

  /** The size of the channel's own retry budget (ignored when a shared budget is given). */
  public RetryBudgetPolicy retryBudget() { return policies.retryBudget(); }

  /** @deprecated use {@link #retryBudget()}, the name {@code ServiceConfig} and {@code CallPolicies} use */
  @Deprecated(since = "0.2", forRemoval = true)
  public RetryBudgetPolicy retryBudgetConfig() { return retryBudget(); }

  /** The budget shared with other clients of the destination, or null for a per-channel one. */
  public RetryBudget sharedRetryBudget() { return sharedBudget; }

  /** Core's hedging policy ({@link HedgingPolicy#defaults()} by default, as on HTTP). */
  public HedgingPolicy hedgingPolicy() { return policies.hedgingPolicy(); }

  /** @deprecated use {@link #hedgingPolicy()}, the name {@code ServiceConfig} and {@code CallPolicies} use */
  @Deprecated(since = "0.2", forRemoval = true)
  public HedgingPolicy hedging() { return hedgingPolicy(); }

  /** The live hedge delay shared with other clients of the destination, or null for a per-channel one. */
  public HedgeDelay sharedHedgeDelay() { return sharedHedgeDelay; }

  /** The circuit breaker ({@link CircuitBreakerPolicy#disabled()} by default), as on HTTP. */
  public CircuitBreakerPolicy circuitBreaker() { return policies.circuitBreaker(); }

  /** The concurrency limit ({@link ConcurrencyLimitPolicy#unlimited()} by default), as on HTTP. */
  public ConcurrencyLimitPolicy concurrencyLimit() { return policies.concurrencyLimit(); }

  /** Full method names that may be re-sent although the proto does not mark them idempotent. */
  public Set<String> idempotentMethods() { return idempotentMethods; }

  /** User filters, outermost first: they see each call as {@code POST /pkg.Service/Method}. */
  public List<Filter> filters() { return filters; }

  /** Told about calls, attempts, retries, hedges, the breaker, the limit and balancing. */
  public TelemetryListener telemetry() { return policies.telemetry(); }

  /** The ticker of every measurement (deadlines, latencies, budget windows). */
  public Ticker ticker() { return policies.ticker(); }

  /** The timer of every timed task (deadlines, backoffs, hedges, balancer timers). */
  public Timer timer() { return policies.timer(); }

  /** The balancer's random source (P2C coin flips, random picks, health-check jitter). */
  public RandomGenerator random() { return policies.random(); }

  /** Channel credentials (plaintext by default). */
  public ChannelCredentials credentials() { return credentials; }

  /** True when some call may make more than one attempt. */
  public boolean makesExtraAttempts() { return policies.makesExtraAttempts(); }

  /** The policies the pipeline runs: hedging applies to idempotent gRPC calls, which are POSTs. */
  CallPolicies pipelinePolicies() { return pipelinePolicies; }

  /** The link of channels configured by {@link SwitchboardGrpc#serviceConfig} of these options. */
  ChannelLink link() {
    ChannelLink l = link;
    if (l == null) {
      synchronized (this) {
        if (link == null) {
          link = new ChannelLink(name, policies, initialResolutionTimeout);
        }
        l = link;
      }
    }
    return l;
  }

  /** A link for one channel named {@code name}, which a Switchboard balancer will adopt. */
  ChannelLink newLink(String name) {
    ChannelLink l = new ChannelLink(name, policies, initialResolutionTimeout);
    l.expectBalancer();
    return l;
  }

  @Override
  public String toString() {
    return "GrpcChannelOptions[" + (name == null ? "" : name + ", ") + policies
        + ", budget=" + (sharedBudget != null ? "shared" : policies.retryBudget()) + "]";
  }

  private static Duration nonNegative(String field, Duration d) {
    if (Objects.requireNonNull(d, field).isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0: " + d);
    }
    return d;
  }

  private static Duration positive(String field, Duration d) {
    if (nonNegative(field, d).isZero()) {
      throw new IllegalArgumentException(field + " must be > 0: " + d);
    }
    return d;
  }

  /** Builds {@link GrpcChannelOptions}; policy shorthands set parts of {@link #policies}. Not thread-safe. */
  public static final class Builder {
    private CallPolicies.Builder policies = CallPolicies.builder();
    private String balancer;
    private String name;
    private String healthCheckService;
    private Duration deadlineMargin = Duration.ofMillis(5);
    private Duration defaultTimeout;
    private Duration initialResolutionTimeout = Duration.ofSeconds(5);
    private RetryBudget sharedBudget;
    private HedgeDelay sharedHedgeDelay;
    private List<String> idempotentMethods = List.of();
    private final List<Filter> filters = new ArrayList<>();
    private ChannelCredentials credentials = InsecureChannelCredentials.create();

    private Builder() {}

    /** Every policy at once, the object an HTTP {@code ServiceConfig.Builder.policies} takes. */
    public Builder policies(CallPolicies policies) {
      this.policies = Objects.requireNonNull(policies, "policies").toBuilder();
      return this;
    }

    /** The name used in telemetry, errors and logs (default: the target's service name). */
    public Builder name(String name) { this.name = Objects.requireNonNull(name, "name"); return this; }

    /** A core policy name from {@link LoadBalancerPolicies#names()}; overrides {@code balancing.policy()}. */
    public Builder balancer(String policyName) { this.balancer = policyName; return this; }

    /** Core balancing options, exactly as an HTTP client's {@code ServiceConfig.balancing(...)}. */
    public Builder balancing(BalancingPolicy options) { policies.balancing(options); return this; }

    /**
     * Shorthand for a {@code balancing.healthCheck} of {@link GrpcHealthChecker#v1(String)
     * gRPC health v1} on {@code serviceName} ({@code ""} = whole server) with
     * {@link HealthCheckPolicy}' default interval and thresholds; null turns it off.
     */
    public Builder healthCheckService(String serviceName) { this.healthCheckService = serviceName; return this; }

    public Builder deadlineMargin(Duration margin) { this.deadlineMargin = margin; return this; }

    /** The timeout of a call no deadline bounds; it covers the whole call, retries and hedges included. */
    public Builder defaultTimeout(Duration timeout) { this.defaultTimeout = timeout; return this; }

    /** How long attempts wait for discovery's first answer and the first connection (default 5 s). */
    public Builder initialResolutionTimeout(Duration timeout) { this.initialResolutionTimeout = timeout; return this; }

    /** The retry policy; {@link RetryPolicy#noRetries()} turns retries off. */
    public Builder retryPolicy(RetryPolicy policy) { policies.retryPolicy(policy); return this; }

    /** The size of this channel's own retry budget; {@link RetryBudgetPolicy#unlimited()} for none. */
    public Builder retryBudget(RetryBudgetPolicy config) { policies.retryBudget(config); return this; }

    /**
     * Pays retries and hedges from {@code budget}, e.g. the budget of the HTTP client of the same
     * destination ({@code client.policies().retryBudget()}); null for a per-channel budget.
     */
    public Builder sharedRetryBudget(RetryBudget budget) { this.sharedBudget = budget; return this; }

    /**
     * Hedges idempotent calls with core's {@link HedgingPolicy}, exactly as the HTTP pipeline
     * does; every hedge pays one token from the retry budget. Which calls: the gRPC idempotency
     * rule ({@link SwitchboardClientInterceptor}); the policy's HTTP method lists do not apply.
     */
    public Builder hedgingPolicy(HedgingPolicy policy) { policies.hedgingPolicy(policy); return this; }

    /** @deprecated use {@link #hedgingPolicy(HedgingPolicy)}, the name {@code ServiceConfig} uses */
    @Deprecated(since = "0.2", forRemoval = true)
    public Builder hedging(HedgingPolicy policy) { return hedgingPolicy(Objects.requireNonNull(policy, "hedging")); }

    /** Hedging with a fixed {@code delay} and {@code maxAttempts} in all. */
    public Builder hedging(int maxAttempts, Duration delay) {
      return hedgingPolicy(HedgingPolicy.builder().maxAttempts(maxAttempts).fixedDelay(delay).build());
    }

    /** Turns hedging off. */
    public Builder noHedging() { return hedgingPolicy(HedgingPolicy.disabled()); }

    /**
     * Uses {@code delay}'s live latency window, e.g. the HTTP client's of the same destination
     * ({@code client.policies().hedgeDelay()}), so an adaptive delay learns from both transports;
     * pass its policy to {@link #hedgingPolicy(HedgingPolicy)} too. Null for a per-channel one.
     */
    public Builder sharedHedgeDelay(HedgeDelay delay) { this.sharedHedgeDelay = delay; return this; }

    /** The destination's circuit breaker, as on HTTP ({@code ServiceConfig.Builder.circuitBreaker}). */
    public Builder circuitBreaker(CircuitBreakerPolicy policy) { policies.circuitBreaker(policy); return this; }

    /** The destination's concurrency limit, as on HTTP ({@code ServiceConfig.Builder.concurrencyLimit}). */
    public Builder concurrencyLimit(ConcurrencyLimitPolicy policy) { policies.concurrencyLimit(policy); return this; }

    /**
     * Methods (full names, {@code "pkg.Service/Method"}) that may be retried and hedged although
     * the proto does not declare them {@code idempotency_level = IDEMPOTENT} or
     * {@code NO_SIDE_EFFECTS}. Per call: {@code stub.withOption(SwitchboardGrpc.IDEMPOTENT, true)}.
     */
    public Builder idempotentMethods(String... fullMethodNames) { this.idempotentMethods = Arrays.asList(fullMethodNames); return this; }

    /** Adds a user filter (outermost first), the HTTP client's {@code Filter}. */
    public Builder addFilter(Filter filter) { filters.add(Objects.requireNonNull(filter, "filter")); return this; }

    public Builder telemetry(TelemetryListener telemetry) { policies.telemetry(telemetry); return this; }

    /** The ticker of every measurement (a fake one in tests). */
    public Builder ticker(Ticker ticker) { policies.ticker(ticker); return this; }

    /** The timer of every timed task (a fake one in tests, on the same clock as the ticker). */
    public Builder timer(Timer timer) { policies.timer(timer); return this; }

    /**
     * The balancer's random source (P2C coin flips, random picks, health-check jitter); a seeded,
     * thread-safe one makes picks reproducible in tests. Null restores the default.
     */
    public Builder random(RandomGenerator random) {
      policies.random(random != null ? random : CallPolicies.defaults().random());
      return this;
    }

    public Builder credentials(ChannelCredentials credentials) { this.credentials = credentials; return this; }

    public GrpcChannelOptions build() { return new GrpcChannelOptions(this); }
  }
}
