package dev.switchboard.grpc;

import dev.switchboard.balancer.LoadBalancerPolicies;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SwitchboardGrpc#channelBuilder(String, GrpcChannelOptions)} configures a grpc-java
 * channel: the balancing policy, gRPC health v1 checking, deadlines and attempts. Immutable; build
 * with {@link #builder()}, change a copy with {@link #toBuilder()}. Invalid values fail in
 * {@link Builder#build()} naming the field.
 *
 * <pre>{@code
 * GrpcChannelOptions options = GrpcChannelOptions.builder()
 *     .balancer("peak_ewma")
 *     .healthCheckService("")                 // watch the server's overall health v1 status
 *     .attempts(GrpcAttemptPolicy.hedging(2, Duration.ofMillis(20)))
 *     .build();
 * }</pre>
 */
public final class GrpcChannelOptions {
  private final String balancer;
  private final String healthCheckService;
  private final Duration deadlineMargin;
  private final Duration defaultTimeout;
  private final GrpcAttemptPolicy attempts;
  private final ChannelCredentials credentials;

  private GrpcChannelOptions(Builder b) {
    Objects.requireNonNull(b.balancer, "balancer");
    LoadBalancerPolicies.forName(b.balancer); // unknown names fail now, listing the known ones
    this.balancer = b.balancer;
    this.healthCheckService = b.healthCheckService;
    Objects.requireNonNull(b.deadlineMargin, "deadlineMargin");
    if (b.deadlineMargin.isNegative()) {
      throw new IllegalArgumentException("deadlineMargin must be >= 0: " + b.deadlineMargin);
    }
    this.deadlineMargin = b.deadlineMargin;
    if (b.defaultTimeout != null && (b.defaultTimeout.isNegative() || b.defaultTimeout.isZero())) {
      throw new IllegalArgumentException("defaultTimeout must be > 0: " + b.defaultTimeout);
    }
    this.defaultTimeout = b.defaultTimeout;
    this.attempts = Objects.requireNonNull(b.attempts, "attempts");
    this.credentials = Objects.requireNonNull(b.credentials, "credentials");
  }

  /** Defaults: round_robin, no health checking, 5 ms margin, no default timeout, no retries. */
  public static GrpcChannelOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.balancer = balancer;
    b.healthCheckService = healthCheckService;
    b.deadlineMargin = deadlineMargin;
    b.defaultTimeout = defaultTimeout;
    b.attempts = attempts;
    b.credentials = credentials;
    return b;
  }

  /** The core policy name, e.g. {@code peak_ewma}. */
  public String balancer() {
    return balancer;
  }

  /** The health v1 service name to watch ({@code ""} = the whole server), or null for none. */
  public String healthCheckService() {
    return healthCheckService;
  }

  /** Subtracted from the bound context's remaining time. */
  public Duration deadlineMargin() {
    return deadlineMargin;
  }

  /** The timeout of calls with no other deadline, or null. */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** Retries and hedging. */
  public GrpcAttemptPolicy attempts() {
    return attempts;
  }

  /** Channel credentials (plaintext by default). */
  public ChannelCredentials credentials() {
    return credentials;
  }

  @Override
  public String toString() {
    return "GrpcChannelOptions[balancer=" + balancer + ", health=" + healthCheckService + ", attempts=" + attempts + "]";
  }

  /** Builds {@link GrpcChannelOptions}. Not thread-safe. */
  public static final class Builder {
    private String balancer = "round_robin";
    private String healthCheckService;
    private Duration deadlineMargin = Duration.ofMillis(5);
    private Duration defaultTimeout;
    private GrpcAttemptPolicy attempts = GrpcAttemptPolicy.none();
    private ChannelCredentials credentials = InsecureChannelCredentials.create();

    private Builder() {}

    /** A core policy name from {@link LoadBalancerPolicies#names()}. */
    public Builder balancer(String policyName) {
      this.balancer = policyName;
      return this;
    }

    /** Turns on gRPC health v1 watching of {@code serviceName} ({@code ""} = whole server); null turns it off. */
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

    public Builder attempts(GrpcAttemptPolicy attempts) {
      this.attempts = attempts;
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
