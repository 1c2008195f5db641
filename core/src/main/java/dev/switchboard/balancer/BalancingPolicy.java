package dev.switchboard.balancer;

import dev.switchboard.internal.Checks;
import dev.switchboard.health.HealthCheckPolicy;
import dev.switchboard.health.OutlierDetectionPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a destination balances and judges health: the policy (by name, see
 * {@link LoadBalancerPolicies}) with its typed options, active health checks, passive outlier
 * detection, the panic threshold, slow start and zone preference. Immutable; build with
 * {@link #builder()}:
 *
 * <pre>{@code
 * BalancingPolicy.builder()
 *     .policy("peak_ewma")
 *     .healthCheck(HealthCheckPolicy.http("/health"))
 *     .zone("eu-west-1a")
 *     .build();
 * }</pre>
 *
 * <p>Defaults (anchor in brackets): policy {@code round_robin}; peak EWMA decay 10 s and default RTT
 * 30 ms [Finagle, Linkerd2]; ring hash 128 points per unit of weight, at most 1,048,576 [Envoy's ring sizes]; panic
 * threshold 50% [Envoy]; slow start 30 s window from 10% weight [Envoy]; no caller zone, and when
 * one is set, spill over once fewer than 70% of its endpoints are healthy; no active health check;
 * {@linkplain OutlierDetectionPolicy#defaults() outlier detection on}.
 */
public final class BalancingPolicy {
  private static final BalancingPolicy DEFAULTS = builder().build();

  private final String policy;
  private final Duration peakEwmaDecay;
  private final Duration peakEwmaDefaultRtt;
  private final int ringHashPointsPerWeight;
  private final int ringHashMaxRingSize;
  private final int panicThresholdPercent;
  private final Duration slowStartWindow;
  private final int slowStartMinWeightPercent;
  private final String zone;
  private final int zoneSpilloverThresholdPercent;
  private final HealthCheckPolicy healthCheck;
  private final OutlierDetectionPolicy outlierDetection;

  private BalancingPolicy(Builder b) {
    Objects.requireNonNull(b.policy, "policy");
    LoadBalancerPolicies.forName(b.policy); // unknown names fail here, listing the known ones
    this.policy = b.policy;
    this.peakEwmaDecay = Checks.positive("peakEwmaDecay", b.peakEwmaDecay);
    this.peakEwmaDefaultRtt = Checks.positive("peakEwmaDefaultRtt", b.peakEwmaDefaultRtt);
    this.ringHashPointsPerWeight = Checks.between("ringHashPointsPerWeight", b.ringHashPointsPerWeight, 1, 10_000);
    this.ringHashMaxRingSize = Checks.between("ringHashMaxRingSize", b.ringHashMaxRingSize, 1, 1 << 24);
    this.panicThresholdPercent = Checks.between("panicThresholdPercent", b.panicThresholdPercent, 0, 100);
    this.slowStartWindow = Checks.nonNegative("slowStartWindow", b.slowStartWindow);
    this.slowStartMinWeightPercent = Checks.between("slowStartMinWeightPercent", b.slowStartMinWeightPercent, 1, 100);
    this.zone = Objects.requireNonNull(b.zone, "zone");
    this.zoneSpilloverThresholdPercent =
        Checks.between("zoneSpilloverThresholdPercent", b.zoneSpilloverThresholdPercent, 0, 100);
    this.healthCheck = b.healthCheck;
    this.outlierDetection = Objects.requireNonNull(b.outlierDetection, "outlierDetection");
  }

  /** All defaults. */
  public static BalancingPolicy defaults() { return DEFAULTS; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policy = policy;
    b.peakEwmaDecay = peakEwmaDecay;
    b.peakEwmaDefaultRtt = peakEwmaDefaultRtt;
    b.ringHashPointsPerWeight = ringHashPointsPerWeight;
    b.ringHashMaxRingSize = ringHashMaxRingSize;
    b.panicThresholdPercent = panicThresholdPercent;
    b.slowStartWindow = slowStartWindow;
    b.slowStartMinWeightPercent = slowStartMinWeightPercent;
    b.zone = zone;
    b.zoneSpilloverThresholdPercent = zoneSpilloverThresholdPercent;
    b.healthCheck = healthCheck;
    b.outlierDetection = outlierDetection;
    return b;
  }

  /** The policy name, one of {@link LoadBalancerPolicies#names()}. */
  public String policy() { return policy; }

  /** Time constant of the latency EWMA (all policies record it; {@code peak_ewma} balances on it). */
  public Duration peakEwmaDecay() { return peakEwmaDecay; }

  /** The latency assumed for an endpoint before its first answer. */
  public Duration peakEwmaDefaultRtt() { return peakEwmaDefaultRtt; }

  /**
   * {@code ring_hash}: points on the ring per unit of endpoint weight. Fixed per endpoint, so
   * removing one endpoint moves only its own keys.
   */
  public int ringHashPointsPerWeight() { return ringHashPointsPerWeight; }

  /** {@code ring_hash}: the ring never exceeds this many points (weights are scaled down). */
  public int ringHashMaxRingSize() { return ringHashMaxRingSize; }

  /**
   * When fewer than this percentage of endpoints are healthy (not ejected, not failing active
   * checks), balance over all of them instead; 0 disables panic mode, so zero healthy endpoints
   * fail calls with {@code NO_ENDPOINTS}.
   */
  public int panicThresholdPercent() { return panicThresholdPercent; }

  /**
   * Ramp-up window for endpoints that join later or are readmitted (after ejection or a failed
   * health check); zero disables slow start. Endpoints arriving within 5 s of the first non-empty
   * update form the initial set and start at full weight.
   */
  public Duration slowStartWindow() { return slowStartWindow; }

  /** Weight, in percent of full, that a ramping endpoint starts from. */
  public int slowStartMinWeightPercent() { return slowStartMinWeightPercent; }

  /** The caller's zone, or empty for no zone preference. */
  public String zone() { return zone; }

  /**
   * Traffic stays in the caller's zone while at least this percentage of that zone's endpoints
   * are healthy, and spills over to all healthy endpoints below it.
   */
  public int zoneSpilloverThresholdPercent() { return zoneSpilloverThresholdPercent; }

  /** Active health checking, if configured. */
  public Optional<HealthCheckPolicy> healthCheck() { return Optional.ofNullable(healthCheck); }

  /** Passive outlier detection. */
  public OutlierDetectionPolicy outlierDetection() { return outlierDetection; }

  @Override
  public String toString() {
    return "BalancingPolicy[policy=" + policy + ", panicThresholdPercent=" + panicThresholdPercent
        + ", slowStartWindow=" + slowStartWindow + ", zone=" + zone + ", healthCheck=" + healthCheck
        + ", " + outlierDetection + "]";
  }

  /** Builds {@link BalancingPolicy}. Not thread-safe. */
  public static final class Builder {
    private String policy = "round_robin";
    private Duration peakEwmaDecay = EndpointStatsRegistry.DEFAULT_EWMA_DECAY;
    private Duration peakEwmaDefaultRtt = Duration.ofMillis(30);
    private int ringHashPointsPerWeight = 128;
    private int ringHashMaxRingSize = 1 << 20;
    private int panicThresholdPercent = 50;
    private Duration slowStartWindow = Duration.ofSeconds(30);
    private int slowStartMinWeightPercent = 10;
    private String zone = "";
    private int zoneSpilloverThresholdPercent = 70;
    private HealthCheckPolicy healthCheck;
    private OutlierDetectionPolicy outlierDetection = OutlierDetectionPolicy.defaults();

    private Builder() {}

    /** A name from {@link LoadBalancerPolicies#names()}; checked in {@link #build()}. */
    public Builder policy(String name) { this.policy = name; return this; }
    public Builder peakEwmaDecay(Duration d) { this.peakEwmaDecay = d; return this; }
    public Builder peakEwmaDefaultRtt(Duration d) { this.peakEwmaDefaultRtt = d; return this; }
    public Builder ringHashPointsPerWeight(int n) { this.ringHashPointsPerWeight = n; return this; }
    public Builder ringHashMaxRingSize(int n) { this.ringHashMaxRingSize = n; return this; }
    /** 0..100; 0 disables panic mode. */
    public Builder panicThresholdPercent(int pct) { this.panicThresholdPercent = pct; return this; }
    /** {@link Duration#ZERO} disables slow start. */
    public Builder slowStartWindow(Duration d) { this.slowStartWindow = d; return this; }
    public Builder slowStartMinWeightPercent(int pct) { this.slowStartMinWeightPercent = pct; return this; }
    /** The caller's zone; empty for none. */
    public Builder zone(String zone) { this.zone = zone; return this; }
    public Builder zoneSpilloverThresholdPercent(int pct) { this.zoneSpilloverThresholdPercent = pct; return this; }
    /** Active health checking; null turns it off. */
    public Builder healthCheck(HealthCheckPolicy options) { this.healthCheck = options; return this; }
    public Builder outlierDetection(OutlierDetectionPolicy options) { this.outlierDetection = options; return this; }

    /** @throws IllegalArgumentException naming the first invalid field, or an unknown policy */
    public BalancingPolicy build() { return new BalancingPolicy(this); }
  }
}
