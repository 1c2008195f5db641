package dev.switchboard.health;

import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Connectivity tracking: an endpoint whose connections fail (refused, reset, connect timeout) is
 * <em>not connectable</em> and gets no traffic until a reconnect probe succeeds, the way a gRPC
 * subchannel that leaves READY is no longer picked. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li><b>What takes an endpoint out:</b> an attempt that failed at the connection
 *       ({@code CONNECT_FAILED}, however the transport learnt it), or a failed probe. An attempt
 *       that timed out, or was stuck until a hedge or the deadline beat it, triggers a probe: a
 *       replica that black-holes packets then fails the probe and leaves, while one that accepts
 *       connections but hangs stays with outlier detection.
 *   <li><b>How it comes back:</b> a probe ({@link #checker()}, a TCP connect by default) after a
 *       reconnect backoff: {@code initialBackoff} (1 s), × {@code multiplier} (1.6) after each
 *       failed probe or each time it is taken out again before any attempt on it succeeded, up to
 *       {@code maxBackoff} (120 s), each wait ± {@code jitter} (20%) [gRPC connection backoff:
 *       1 s, ×1.6, 120 s, 0.2]. A probe gives up after {@code probeTimeout} (500 ms).
 *   <li><b>Outside the ejection bound:</b> unlike outlier ejection, any number of endpoints may be
 *       not connectable at once (a dead endpoint cannot take traffic, whatever percentage it is).
 *       Panic still applies: when no endpoint of a level is connectable, the level is used whole.
 * </ul>
 */
public final class ConnectivityPolicy {
  private static final ConnectivityPolicy DEFAULTS = builder().build();
  private static final ConnectivityPolicy DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final HealthChecker checker;
  private final Duration probeTimeout;
  private final Duration initialBackoff;
  private final double multiplier;
  private final double jitter;
  private final Duration maxBackoff;

  private ConnectivityPolicy(Builder b) {
    this.enabled = b.enabled;
    this.checker = Objects.requireNonNull(b.checker, "checker");
    this.probeTimeout = Checks.positive("probeTimeout", b.probeTimeout);
    this.initialBackoff = Checks.positive("initialBackoff", b.initialBackoff);
    this.maxBackoff = Checks.positive("maxBackoff", b.maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff: " + maxBackoff + " < " + initialBackoff);
    }
    this.multiplier = Checks.between("multiplier", b.multiplier, 1.0, 10.0, "1.0..10.0");
    this.jitter = Checks.between("jitter", b.jitter, 0.0, 1.0, "0.0..1.0");
  }

  /** On: TCP probe with a 500 ms timeout, backoff 1 s × 1.6 up to 120 s, ±20%. */
  public static ConnectivityPolicy defaults() { return DEFAULTS; }

  /** Off: connection failures only count as failures for outlier detection (the behaviour before 0.2). */
  public static ConnectivityPolicy disabled() { return DISABLED; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.checker = checker;
    b.probeTimeout = probeTimeout;
    b.initialBackoff = initialBackoff;
    b.multiplier = multiplier;
    b.jitter = jitter;
    b.maxBackoff = maxBackoff;
    return b;
  }

  public boolean enabled() { return enabled; }
  /** The reconnect probe. */
  public HealthChecker checker() { return checker; }
  public Duration probeTimeout() { return probeTimeout; }
  public Duration initialBackoff() { return initialBackoff; }
  public double multiplier() { return multiplier; }
  public double jitter() { return jitter; }
  public Duration maxBackoff() { return maxBackoff; }

  /** The backoff after {@code previous} (null: the first), before jitter. */
  public Duration nextBackoff(Duration previous) {
    if (previous == null) {
      return initialBackoff;
    }
    double next = previous.toNanos() * multiplier;
    return next >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) next);
  }

  @Override
  public String toString() {
    return enabled ? "ConnectivityPolicy[" + checker.describe() + " within " + probeTimeout.toMillis()
        + "ms, backoff " + initialBackoff.toMillis() + "ms x" + multiplier + " <= " + maxBackoff.toSeconds()
        + "s, jitter " + jitter + "]" : "ConnectivityPolicy[disabled]";
  }

  /** Builds {@link ConnectivityPolicy}. Not thread-safe. */
  public static final class Builder {
    private boolean enabled = true;
    private HealthChecker checker = HealthChecker.tcp();
    private Duration probeTimeout = Duration.ofMillis(500);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double multiplier = 1.6;
    private double jitter = 0.2;
    private Duration maxBackoff = Duration.ofSeconds(120);

    private Builder() {}

    /** False turns connectivity tracking off. */
    public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
    /** The reconnect probe; any {@link HealthChecker} (default a TCP connect). */
    public Builder checker(HealthChecker checker) { this.checker = Objects.requireNonNull(checker, "checker"); return this; }
    public Builder probeTimeout(Duration d) { this.probeTimeout = Objects.requireNonNull(d, "probeTimeout"); return this; }

    /** Reconnect backoff: first wait, growth per failure (1..10), largest wait. */
    public Builder backoff(Duration initial, double multiplier, Duration max) {
      this.initialBackoff = Objects.requireNonNull(initial, "initialBackoff");
      this.multiplier = multiplier;
      this.maxBackoff = Objects.requireNonNull(max, "maxBackoff");
      return this;
    }

    /** Each wait is multiplied by a random factor in [1 − jitter, 1 + jitter]; 0..1. */
    public Builder jitter(double jitter) { this.jitter = jitter; return this; }

    /** @throws IllegalArgumentException naming the first invalid field */
    public ConnectivityPolicy build() { return new ConnectivityPolicy(this); }
  }
}
