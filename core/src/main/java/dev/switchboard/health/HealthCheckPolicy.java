package dev.switchboard.health;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Active health checking: which {@link HealthChecker} to run, how often and when to flip an
 * endpoint's health. Immutable; build with {@link #builder(HealthChecker)} or use
 * {@link #http(String)}:
 *
 * <pre>{@code
 * HealthCheckPolicy.builder(HealthChecker.http("/health"))
 *     .interval(Duration.ofSeconds(2)).unhealthyThreshold(2).build();
 * }</pre>
 *
 * <p>Each endpoint is checked every {@code interval} plus a random jitter in {@code [0, jitter]},
 * on the shared scheduler (no thread per endpoint). An endpoint becomes unhealthy after
 * {@code unhealthyThreshold} consecutive failed checks and healthy again after
 * {@code healthyThreshold} consecutive passes. New endpoints start healthy and are first checked
 * after a random delay within the jitter, so a dead one leaves within about
 * {@code interval × unhealthyThreshold}.
 *
 * <p>Defaults: interval 5 s, jitter 500 ms, timeout 1 s, unhealthy after 3 failures, healthy after
 * 2 passes [Envoy health checking docs; Kubernetes probes use failureThreshold 3].
 */
public final class HealthCheckPolicy {
  private final HealthChecker checker;
  private final Duration interval;
  private final Duration jitter;
  private final Duration timeout;
  private final int healthyThreshold;
  private final int unhealthyThreshold;

  private HealthCheckPolicy(Builder b) {
    this.checker = Objects.requireNonNull(b.checker, "checker");
    this.interval = Checks.positive("interval", b.interval);
    this.jitter = Checks.nonNegative("jitter", b.jitter);
    this.timeout = Checks.positive("timeout", b.timeout);
    this.healthyThreshold = Checks.atLeast("healthyThreshold", b.healthyThreshold, 1);
    this.unhealthyThreshold = Checks.atLeast("unhealthyThreshold", b.unhealthyThreshold, 1);
  }

  /** A builder for {@code checker} with the defaults. */
  public static Builder builder(HealthChecker checker) { return new Builder(checker); }

  /** HTTP GET of {@code path} expecting 200, with the defaults. */
  public static HealthCheckPolicy http(String path) { return builder(HealthChecker.http(path)).build(); }

  /** TCP connect, with the defaults. */
  public static HealthCheckPolicy tcp() { return builder(HealthChecker.tcp()).build(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() {
    return new Builder(checker).interval(interval).jitter(jitter).timeout(timeout)
        .healthyThreshold(healthyThreshold).unhealthyThreshold(unhealthyThreshold);
  }

  public HealthChecker checker() { return checker; }
  public Duration interval() { return interval; }
  public Duration jitter() { return jitter; }
  public Duration timeout() { return timeout; }
  public int healthyThreshold() { return healthyThreshold; }
  public int unhealthyThreshold() { return unhealthyThreshold; }

  @Override
  public String toString() {
    return "HealthCheckPolicy[" + checker.describe() + ", interval=" + interval + ", jitter=" + jitter
        + ", timeout=" + timeout + ", healthy=" + healthyThreshold + ", unhealthy=" + unhealthyThreshold + "]";
  }

  /** Builds {@link HealthCheckPolicy}. Not thread-safe. */
  public static final class Builder {
    private HealthChecker checker;
    private Duration interval = Duration.ofSeconds(5);
    private Duration jitter = Duration.ofMillis(500);
    private Duration timeout = Duration.ofSeconds(1);
    private int healthyThreshold = 2;
    private int unhealthyThreshold = 3;

    private Builder(HealthChecker checker) {
      this.checker = checker;
    }

    public Builder checker(HealthChecker checker) { this.checker = checker; return this; }
    public Builder interval(Duration interval) { this.interval = interval; return this; }
    public Builder jitter(Duration jitter) { this.jitter = jitter; return this; }
    public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
    public Builder healthyThreshold(int n) { this.healthyThreshold = n; return this; }
    public Builder unhealthyThreshold(int n) { this.unhealthyThreshold = n; return this; }

    /** @throws IllegalArgumentException naming the first invalid field */
    public HealthCheckPolicy build() { return new HealthCheckPolicy(this); }
  }
}
