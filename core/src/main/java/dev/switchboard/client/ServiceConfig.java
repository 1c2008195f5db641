package dev.switchboard.client;

import dev.switchboard.balancer.BalancingPolicy;
import dev.switchboard.balancer.LoadBalancerPolicies;
import dev.switchboard.discovery.Discovery;
import dev.switchboard.discovery.DiscoveryTarget;
import dev.switchboard.internal.Checks;
import dev.switchboard.pipeline.Filter;
import dev.switchboard.policy.CallPolicies;
import dev.switchboard.policy.CircuitBreakerPolicy;
import dev.switchboard.policy.ConcurrencyLimitPolicy;
import dev.switchboard.policy.HedgingPolicy;
import dev.switchboard.policy.RetryBudgetPolicy;
import dev.switchboard.policy.RetryPolicy;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import dev.switchboard.time.Timer;
import dev.switchboard.transport.ConnectionPolicy;
import dev.switchboard.transport.TlsConfig;
import dev.switchboard.transport.TransportFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How to reach and call one service: a base URL <em>or</em> a discovery target, plus timeouts,
 * retries, limits, balancing and filters. Immutable; build with {@link #builder()}, or use the
 * seed's one-liners:
 *
 * <pre>{@code
 * ServiceConfig.of("http://user-service:8000");                              // defaults
 * ServiceConfig.of("http://user-service:8000", Duration.ofSeconds(5), 3);    // timeout, maxRetries
 * ServiceConfig.target("dns+srv:///_users._tcp.svc.test").toBuilder().name("users").build();
 * }</pre>
 *
 * <p>Resilience lives in one {@link CallPolicies} ({@link #policies()}), the object gRPC channels
 * take too; the builder's {@link Builder#retryPolicy}, {@link Builder#retryBudget},
 * {@link Builder#circuitBreaker}, {@link Builder#concurrencyLimit}, {@link Builder#hedgingPolicy},
 * {@link Builder#balancing}, {@link Builder#telemetry}, {@link Builder#ticker},
 * {@link Builder#timer} and {@link Builder#random} set its parts, and {@link Builder#policies}
 * sets it whole. The one-line {@link Builder#maxRetries} sets
 * {@code retryPolicy.maxAttempts = maxRetries + 1}. The budget and its throttle are on by default
 * (20% + 10/s; retries stop while most attempts fail), idempotent calls are hedged after
 * min(p99, half the call's time), the balancer is {@code least_request}; breaker and limit are off.
 * Defaults, their reasons and anchors:
 * {@link dev.switchboard.policy.PolicyDefaults}.
 *
 * <p>Validation happens in {@link Builder#build()}: a bad URL or target fails there with an
 * {@link IllegalArgumentException} quoting the value.
 */
public final class ServiceConfig {
  /** Default per-call timeout, as in the seed's {@code ServiceConfig}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** Default retries after the first attempt (3 attempts in all, gRPC A6's default). */
  public static final int DEFAULT_MAX_RETRIES = 2;
  /** Retries are capped so no call makes more than 5 attempts. */
  public static final int MAX_RETRIES_CAP = 4;
  /** Default maximum response body size: 10 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;

  private final String name;
  private final URI baseUrl;
  private final String target;
  private final String scheme;
  private final String pathPrefix;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final int maxRetries;
  private final long maxResponseBytes;
  private final List<Filter> filters;
  private final Duration deadlineMargin;
  private final Duration initialResolutionTimeout;
  private final CallPolicies policies;
  private final TransportFactory transport;
  private final TlsConfig tls;
  private final ConnectionPolicy connections;

  private ServiceConfig(Builder b) {
    if ((b.baseUrl == null) == (b.target == null)) {
      throw new IllegalArgumentException("exactly one of baseUrl or target must be set");
    }
    if (b.baseUrl != null) {
      URI uri = BaseUrls.parse(b.baseUrl);
      this.baseUrl = uri;
      this.scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      String host = uri.getHost();
      this.target = "static:" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
      String p = uri.getRawPath() == null ? "" : uri.getRawPath();
      this.pathPrefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
      this.name = b.name != null ? b.name : host;
    } else {
      DiscoveryTarget t = DiscoveryTarget.parse(b.target);
      Discovery.provider(t); // unknown scheme fails now, quoting the target
      this.baseUrl = null;
      this.target = b.target;
      this.scheme = b.tls ? "https" : "http";
      this.pathPrefix = "";
      this.name = b.name != null ? b.name : defaultName(t);
    }
    this.timeout = Checks.positive("timeout", b.timeout);
    this.connectTimeout = Checks.positive("connectTimeout", b.connectTimeout);
    CallPolicies p = b.policies.build();
    if (b.maxRetries != null) { // the seed's one-liner: maxRetries maps onto maxAttempts
      Checks.between("maxRetries", b.maxRetries, 0, MAX_RETRIES_CAP);
      p = p.toBuilder().retryPolicy(p.retryPolicy().toBuilder().maxAttempts(b.maxRetries + 1).build()).build();
    }
    if (b.balancer != null) { // unknown names fail here, listing the known ones
      p = p.toBuilder().balancing(p.balancing().toBuilder().policy(b.balancer).build()).build();
    }
    this.policies = p;
    this.maxRetries = policies.retryPolicy().maxAttempts() - 1;
    if (b.maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1: " + b.maxResponseBytes);
    }
    this.maxResponseBytes = b.maxResponseBytes;
    this.filters = List.copyOf(b.filters);
    this.deadlineMargin = Checks.nonNegative("deadlineMargin", b.deadlineMargin);
    this.initialResolutionTimeout = Checks.positive("initialResolutionTimeout", b.initialResolutionTimeout);
    this.transport = b.transport;
    this.tls = b.tlsConfig;
    this.connections = b.connections;
    if (!tls.isDefault() && scheme.equals("http")) {
      throw new IllegalArgumentException("TLS settings for " + name + ", which is reached over http: use an"
          + " https base URL, or tls(true) with a discovery target");
    }
  }

  /** Defaults for {@code baseUrl}. */
  public static ServiceConfig of(String baseUrl) { return builder().baseUrl(baseUrl).build(); }

  /** The seed's {@code ServiceConfig(base_url, timeout, max_retries)}. */
  public static ServiceConfig of(String baseUrl, Duration timeout, int maxRetries) {
    return builder().baseUrl(baseUrl).timeout(timeout).maxRetries(maxRetries).build();
  }

  /** Defaults for a discovery {@code target}, e.g. {@code "dns+srv:///_users._tcp.svc.test"}. */
  public static ServiceConfig target(String target) { return builder().target(target).build(); }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this config. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    if (baseUrl != null) {
      b.baseUrl = baseUrl.toString();
    } else {
      b.target = target;
      b.tls = scheme.equals("https");
    }
    b.timeout = timeout;
    b.connectTimeout = connectTimeout;
    b.policies = policies.toBuilder();
    b.maxResponseBytes = maxResponseBytes;
    b.filters.addAll(filters);
    b.deadlineMargin = deadlineMargin;
    b.initialResolutionTimeout = initialResolutionTimeout;
    b.transport = transport;
    b.tlsConfig = tls;
    b.connections = connections;
    return b;
  }

  /** The logical service name used in errors and telemetry. */
  public String name() { return name; }

  /** The discovery target; a base URL becomes {@code static:host:port}. */
  public String discoveryTarget() { return target; }

  /** {@code http} or {@code https}. */
  public String scheme() { return scheme; }

  /** The base URL's path, without trailing slash (e.g. {@code /api}), or empty. */
  public String pathPrefix() { return pathPrefix; }

  /** The per-call timeout (covers all attempts). */
  public Duration timeout() { return timeout; }

  /** TCP connect timeout per attempt. */
  public Duration connectTimeout() { return connectTimeout; }

  /** Retries after the first attempt, 0..4: {@code retryPolicy().maxAttempts() - 1}. */
  public int maxRetries() { return maxRetries; }

  /** Every policy calls to this service run under; the getters below read its parts. */
  public CallPolicies policies() { return policies; }

  /** When and how failed calls are retried. */
  public RetryPolicy retryPolicy() { return policies.retryPolicy(); }

  /** The size of the destination's retry budget (shared by retries and hedges). */
  public RetryBudgetPolicy retryBudget() { return policies.retryBudget(); }

  /** The destination's circuit breaker; {@link CircuitBreakerPolicy#disabled()} by default. */
  public CircuitBreakerPolicy circuitBreaker() { return policies.circuitBreaker(); }

  /** The destination's concurrency limit; {@link ConcurrencyLimitPolicy#unlimited()} by default. */
  public ConcurrencyLimitPolicy concurrencyLimit() { return policies.concurrencyLimit(); }

  /** When calls are hedged; {@link HedgingPolicy#defaults()} (idempotent calls, p99, at most half the call) by default. */
  public HedgingPolicy hedgingPolicy() { return policies.hedgingPolicy(); }

  /** Largest response body accepted; larger ones fail with {@code RESPONSE_TOO_LARGE}. */
  public long maxResponseBytes() { return maxResponseBytes; }

  /** The load balancing policy name (same as {@code balancing().policy()}). */
  public String balancer() { return policies.balancing().policy(); }

  /** Balancing policy and its options, health checks, outlier detection, panic, slow start, zone. */
  public BalancingPolicy balancing() { return policies.balancing(); }

  /** User filters, outermost first. */
  public List<Filter> filters() { return filters; }

  /** The telemetry listener. */
  public TelemetryListener telemetry() { return policies.telemetry(); }

  /** The ticker for all timing. */
  public Ticker ticker() { return policies.ticker(); }

  /** The timer every timed task of a call runs on. */
  public Timer timer() { return policies.timer(); }

  /** Subtracted from the remaining time sent downstream, to leave room for the way back. */
  public Duration deadlineMargin() { return deadlineMargin; }

  /** How long calls wait for discovery's first answer. */
  public Duration initialResolutionTimeout() { return initialResolutionTimeout; }

  /**
   * The transport factory chosen for this client; empty for the protocol module's default (the
   * HTTP module's: Apache HttpClient 5 when it is on the class path, else {@code java.net.http}).
   */
  public Optional<TransportFactory> transport() { return Optional.ofNullable(transport); }

  /** Trust, client certificate and hostname verification, for calls and HTTP health checks. */
  public TlsConfig tls() { return tls; }

  /** Pool sizes, connection lifetimes and the HTTP version. */
  public ConnectionPolicy connections() { return connections; }

  private static String defaultName(DiscoveryTarget t) {
    String n = t.name();
    int cut = n.indexOf(',');
    n = cut < 0 ? n : n.substring(0, cut);
    return n.isEmpty() ? t.scheme() : n;
  }

  @Override
  public String toString() {
    return "ServiceConfig[" + name + " -> " + (baseUrl != null ? baseUrl : target) + ", timeout="
        + timeout + ", maxRetries=" + maxRetries + ", balancer=" + balancer() + "]";
  }

  /** Builds {@link ServiceConfig}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String baseUrl;
    private String target;
    private boolean tls;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Integer maxRetries; // null: take maxAttempts from retryPolicy
    private String balancer; // null: take the name from balancing
    private CallPolicies.Builder policies = CallPolicies.builder();
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private final List<Filter> filters = new ArrayList<>();
    private Duration deadlineMargin = Duration.ofMillis(5);
    private Duration initialResolutionTimeout = Duration.ofSeconds(5);
    private TransportFactory transport;
    private TlsConfig tlsConfig = TlsConfig.defaults();
    private ConnectionPolicy connections = ConnectionPolicy.defaults();

    private Builder() {}

    /** The logical service name (default: the host or target name). */
    public Builder name(String name) { this.name = Objects.requireNonNull(name, "name"); return this; }

    /** {@code http(s)://host[:port][/prefix]}; clears any target. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.target = null;
      return this;
    }

    /** A discovery target such as {@code static:h:1,h:2} or {@code zk://127.0.0.1:2181/users}; clears any base URL. */
    public Builder target(String target) {
      this.target = Objects.requireNonNull(target, "target");
      this.baseUrl = null;
      return this;
    }

    /** Use https with a discovery target. */
    public Builder tls(boolean tls) { this.tls = tls; return this; }

    /**
     * This client's TLS material (trust, client certificate, hostname verification), used by its
     * transport and its HTTP health checks; with a discovery target it also turns https on.
     */
    public Builder tls(TlsConfig tls) {
      this.tlsConfig = Objects.requireNonNull(tls, "tls");
      this.tls = this.tls || !tls.isDefault();
      return this;
    }

    /** The transport, made once per client and closed with it; unset: the protocol module's default. */
    public Builder transport(TransportFactory t) { this.transport = Objects.requireNonNull(t, "transport"); return this; }

    /** Pool sizes, connection lifetimes and the HTTP version ({@link ConnectionPolicy#defaults()}). */
    public Builder connections(ConnectionPolicy c) { this.connections = Objects.requireNonNull(c, "connections"); return this; }

    public Builder timeout(Duration timeout) { this.timeout = Objects.requireNonNull(timeout, "timeout"); return this; }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    /** Retries after the first attempt, 0..4; sets {@code retryPolicy.maxAttempts = maxRetries + 1}. */
    public Builder maxRetries(int maxRetries) { this.maxRetries = maxRetries; return this; }

    /** Every policy at once; replaces what the setters below set (and any {@link #maxRetries}, {@link #balancer}). */
    public Builder policies(CallPolicies policies) {
      this.policies = Objects.requireNonNull(policies, "policies").toBuilder();
      this.maxRetries = null;
      this.balancer = null;
      return this;
    }

    /** The retry policy; replaces any earlier {@link #maxRetries}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      policies.retryPolicy(retryPolicy);
      this.maxRetries = null;
      return this;
    }

    /** The retry budget; {@link RetryBudgetPolicy#unlimited()} turns it off. */
    public Builder retryBudget(RetryBudgetPolicy retryBudget) { policies.retryBudget(retryBudget); return this; }

    /** The circuit breaker; {@link CircuitBreakerPolicy#disabled()} turns it off. */
    public Builder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
      policies.circuitBreaker(circuitBreaker);
      return this;
    }

    /** The concurrency limit; {@link ConcurrencyLimitPolicy#unlimited()} turns it off. */
    public Builder concurrencyLimit(ConcurrencyLimitPolicy concurrencyLimit) {
      policies.concurrencyLimit(concurrencyLimit);
      return this;
    }

    /**
     * Request hedging; {@link HedgingPolicy#defaults()} by default, {@link HedgingPolicy#disabled()}
     * turns it off. Hedges pay from {@link #retryBudget}, like retries.
     */
    public Builder hedgingPolicy(HedgingPolicy hedgingPolicy) { policies.hedgingPolicy(hedgingPolicy); return this; }
    public Builder maxResponseBytes(long maxResponseBytes) { this.maxResponseBytes = maxResponseBytes; return this; }

    /** A policy name from {@link LoadBalancerPolicies#names()}; overrides {@code balancing}'s policy. */
    public Builder balancer(String policyName) {
      this.balancer = Objects.requireNonNull(policyName, "balancer");
      return this;
    }

    /** Balancing options (policy, health checks, outlier detection, ...); replaces an earlier {@link #balancer}. */
    public Builder balancing(BalancingPolicy balancing) {
      policies.balancing(balancing);
      this.balancer = null;
      return this;
    }

    /** Appends a user filter; the first added is outermost. */
    public Builder addFilter(Filter filter) { this.filters.add(Objects.requireNonNull(filter, "filter")); return this; }
    public Builder telemetry(TelemetryListener telemetry) { policies.telemetry(telemetry); return this; }

    /** The time source of every measurement; pair a fake ticker with a fake {@link #timer}. */
    public Builder ticker(Ticker ticker) { policies.ticker(ticker); return this; }

    /** Runs deadlines, backoffs, hedge delays, per-attempt timeouts, limit waits; {@link Timer#system()} by default. */
    public Builder timer(Timer timer) { policies.timer(timer); return this; }

    /** Coin flips for balancing; a seeded generator makes tests replay. */
    public Builder random(RandomGenerator random) { policies.random(random); return this; }

    public Builder deadlineMargin(Duration margin) {
      this.deadlineMargin = Objects.requireNonNull(margin, "deadlineMargin");
      return this;
    }

    public Builder initialResolutionTimeout(Duration timeout) {
      this.initialResolutionTimeout = Objects.requireNonNull(timeout, "initialResolutionTimeout");
      return this;
    }

    public ServiceConfig build() { return new ServiceConfig(this); }
  }
}
