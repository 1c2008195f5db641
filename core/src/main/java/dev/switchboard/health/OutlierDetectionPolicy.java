package dev.switchboard.health;

import dev.switchboard.internal.Checks;
import java.time.Duration;

/**
 * Passive outlier detection: ejects endpoints from balancing based on the outcomes and latency of
 * real calls. Immutable; build with {@link #builder()}.
 *
 * <p>Triggers (each can be disabled by setting its threshold to 0):
 * <ul>
 *   <li><b>consecutive failures</b> (default 5): ejects as soon as an endpoint's server-fault streak
 *       reaches the threshold, without waiting for the interval.
 *   <li><b>success rate</b> (stdev factor 1.9, at least 5 hosts with 100 requests each in the
 *       interval): ejects an endpoint whose success rate is below
 *       {@code mean - factor × stdev} of its peers.
 *   <li><b>failure percentage</b> (disabled by default; Envoy's threshold when enabled is 85, with
 *       5 hosts and 50 requests): ejects an endpoint failing at least that percentage.
 *   <li><b>latency</b> (factor 3, at least 3 hosts with 20 requests, for 2 intervals in a row):
 *       ejects an endpoint whose peak-EWMA latency stays above {@code factor ×} the median of
 *       its peers and above {@code latencyMinimum} (10 ms), so tiny absolute gaps never eject.
 * </ul>
 *
 * <p>Interval-based triggers are evaluated every {@code interval} (10 s) over the outcomes of that
 * interval. An ejection lasts {@code baseEjectionTime × ejections so far} (30 s base), capped at
 * {@code maxEjectionTime} (300 s); each interval an endpoint stays admitted its ejection count
 * decays by one. At most {@code maxEjectionPercent} (10%) of the endpoints are ejected at once,
 * but at least one may always be. [Envoy outlier detection; gRPC A50]
 */
public final class OutlierDetectionPolicy {
  private static final OutlierDetectionPolicy DEFAULTS = builder().build();
  private static final OutlierDetectionPolicy DISABLED = builder().consecutiveFailures(0)
      .successRateStdevFactor(0).failurePercentageThreshold(0).latencyFactor(0).build();

  private final int consecutiveFailures;
  private final Duration interval;
  private final Duration baseEjectionTime;
  private final Duration maxEjectionTime;
  private final int maxEjectionPercent;
  private final double successRateStdevFactor;
  private final int successRateMinimumHosts;
  private final int successRateRequestVolume;
  private final int failurePercentageThreshold;
  private final int failurePercentageMinimumHosts;
  private final int failurePercentageRequestVolume;
  private final double latencyFactor;
  private final int latencyMinimumHosts;
  private final int latencyRequestVolume;
  private final int latencyIntervals;
  private final Duration latencyMinimum;

  private OutlierDetectionPolicy(Builder b) {
    this.consecutiveFailures = Checks.atLeast("consecutiveFailures", b.consecutiveFailures, 0);
    this.interval = Checks.positive("interval", b.interval);
    this.baseEjectionTime = Checks.positive("baseEjectionTime", b.baseEjectionTime);
    this.maxEjectionTime = Checks.positive("maxEjectionTime", b.maxEjectionTime);
    if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
      throw new IllegalArgumentException("maxEjectionTime must be >= baseEjectionTime: "
          + maxEjectionTime + " < " + baseEjectionTime);
    }
    this.maxEjectionPercent = Checks.between("maxEjectionPercent", b.maxEjectionPercent, 0, 100);
    if (!(b.successRateStdevFactor >= 0) || Double.isInfinite(b.successRateStdevFactor)) {
      throw new IllegalArgumentException("successRateStdevFactor must be >= 0: " + b.successRateStdevFactor);
    }
    this.successRateStdevFactor = b.successRateStdevFactor;
    this.successRateMinimumHosts = Checks.atLeast("successRateMinimumHosts", b.successRateMinimumHosts, 1);
    this.successRateRequestVolume = Checks.atLeast("successRateRequestVolume", b.successRateRequestVolume, 1);
    this.failurePercentageThreshold =
        Checks.between("failurePercentageThreshold", b.failurePercentageThreshold, 0, 100);
    this.failurePercentageMinimumHosts =
        Checks.atLeast("failurePercentageMinimumHosts", b.failurePercentageMinimumHosts, 1);
    this.failurePercentageRequestVolume =
        Checks.atLeast("failurePercentageRequestVolume", b.failurePercentageRequestVolume, 1);
    if (!(b.latencyFactor == 0 || b.latencyFactor > 1) || Double.isInfinite(b.latencyFactor)) {
      throw new IllegalArgumentException("latencyFactor must be 0 (disabled) or > 1: " + b.latencyFactor);
    }
    this.latencyFactor = b.latencyFactor;
    this.latencyMinimumHosts = Checks.atLeast("latencyMinimumHosts", b.latencyMinimumHosts, 2);
    this.latencyRequestVolume = Checks.atLeast("latencyRequestVolume", b.latencyRequestVolume, 1);
    this.latencyIntervals = Checks.atLeast("latencyIntervals", b.latencyIntervals, 1);
    this.latencyMinimum = Checks.nonNegative("latencyMinimum", b.latencyMinimum);
  }

  /** The defaults listed above. */
  public static OutlierDetectionPolicy defaults() { return DEFAULTS; }

  /** Every trigger off: nothing is ever ejected passively. */
  public static OutlierDetectionPolicy disabled() { return DISABLED; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.consecutiveFailures = consecutiveFailures;
    b.interval = interval;
    b.baseEjectionTime = baseEjectionTime;
    b.maxEjectionTime = maxEjectionTime;
    b.maxEjectionPercent = maxEjectionPercent;
    b.successRateStdevFactor = successRateStdevFactor;
    b.successRateMinimumHosts = successRateMinimumHosts;
    b.successRateRequestVolume = successRateRequestVolume;
    b.failurePercentageThreshold = failurePercentageThreshold;
    b.failurePercentageMinimumHosts = failurePercentageMinimumHosts;
    b.failurePercentageRequestVolume = failurePercentageRequestVolume;
    b.latencyFactor = latencyFactor;
    b.latencyMinimumHosts = latencyMinimumHosts;
    b.latencyRequestVolume = latencyRequestVolume;
    b.latencyIntervals = latencyIntervals;
    b.latencyMinimum = latencyMinimum;
    return b;
  }

  /** True if at least one trigger is on. */
  public boolean enabled() {
    return consecutiveFailures > 0 || successRateStdevFactor > 0 || failurePercentageThreshold > 0
        || latencyFactor > 0;
  }

  public int consecutiveFailures() { return consecutiveFailures; }
  public Duration interval() { return interval; }
  public Duration baseEjectionTime() { return baseEjectionTime; }
  public Duration maxEjectionTime() { return maxEjectionTime; }
  public int maxEjectionPercent() { return maxEjectionPercent; }
  public double successRateStdevFactor() { return successRateStdevFactor; }
  public int successRateMinimumHosts() { return successRateMinimumHosts; }
  public int successRateRequestVolume() { return successRateRequestVolume; }
  public int failurePercentageThreshold() { return failurePercentageThreshold; }
  public int failurePercentageMinimumHosts() { return failurePercentageMinimumHosts; }
  public int failurePercentageRequestVolume() { return failurePercentageRequestVolume; }
  public double latencyFactor() { return latencyFactor; }
  public int latencyMinimumHosts() { return latencyMinimumHosts; }
  public int latencyRequestVolume() { return latencyRequestVolume; }
  public int latencyIntervals() { return latencyIntervals; }
  public Duration latencyMinimum() { return latencyMinimum; }

  /** The ejection time for the {@code ejections}-th ejection: base × count, capped. */
  public Duration ejectionTime(int ejections) {
    Duration d = baseEjectionTime.multipliedBy(Math.max(1, ejections));
    return d.compareTo(maxEjectionTime) > 0 ? maxEjectionTime : d;
  }

  @Override
  public String toString() {
    return "OutlierDetectionPolicy[consecutiveFailures=" + consecutiveFailures + ", interval=" + interval
        + ", baseEjectionTime=" + baseEjectionTime + ", maxEjectionTime=" + maxEjectionTime
        + ", maxEjectionPercent=" + maxEjectionPercent + ", successRateStdevFactor=" + successRateStdevFactor
        + ", failurePercentageThreshold=" + failurePercentageThreshold + ", latencyFactor=" + latencyFactor + "]";
  }

  /** Builds {@link OutlierDetectionPolicy}. Not thread-safe. */
  public static final class Builder {
    private int consecutiveFailures = 5;
    private Duration interval = Duration.ofSeconds(10);
    private Duration baseEjectionTime = Duration.ofSeconds(30);
    private Duration maxEjectionTime = Duration.ofSeconds(300);
    private int maxEjectionPercent = 10;
    private double successRateStdevFactor = 1.9;
    private int successRateMinimumHosts = 5;
    private int successRateRequestVolume = 100;
    private int failurePercentageThreshold = 0;
    private int failurePercentageMinimumHosts = 5;
    private int failurePercentageRequestVolume = 50;
    private double latencyFactor = 3.0;
    private int latencyMinimumHosts = 3;
    private int latencyRequestVolume = 20;
    private int latencyIntervals = 2;
    private Duration latencyMinimum = Duration.ofMillis(10);

    private Builder() {}

    /** Consecutive server faults that eject; 0 disables. */
    public Builder consecutiveFailures(int n) { this.consecutiveFailures = n; return this; }
    /** How often interval-based triggers run and ejection counts decay. */
    public Builder interval(Duration d) { this.interval = d; return this; }
    public Builder baseEjectionTime(Duration d) { this.baseEjectionTime = d; return this; }
    public Builder maxEjectionTime(Duration d) { this.maxEjectionTime = d; return this; }
    /** 0..100; at least one endpoint may always be ejected. */
    public Builder maxEjectionPercent(int pct) { this.maxEjectionPercent = pct; return this; }
    /** 0 disables success-rate ejection. */
    public Builder successRateStdevFactor(double f) { this.successRateStdevFactor = f; return this; }
    public Builder successRateMinimumHosts(int n) { this.successRateMinimumHosts = n; return this; }
    public Builder successRateRequestVolume(int n) { this.successRateRequestVolume = n; return this; }
    /** 1..100 enables failure-percentage ejection at that percentage; 0 disables. */
    public Builder failurePercentageThreshold(int pct) { this.failurePercentageThreshold = pct; return this; }
    public Builder failurePercentageMinimumHosts(int n) { this.failurePercentageMinimumHosts = n; return this; }
    public Builder failurePercentageRequestVolume(int n) { this.failurePercentageRequestVolume = n; return this; }
    /** &gt; 1 enables latency ejection at that multiple of the peers' median; 0 disables. */
    public Builder latencyFactor(double f) { this.latencyFactor = f; return this; }
    public Builder latencyMinimumHosts(int n) { this.latencyMinimumHosts = n; return this; }
    public Builder latencyRequestVolume(int n) { this.latencyRequestVolume = n; return this; }
    /** Consecutive intervals an endpoint must be a latency outlier before it is ejected. */
    public Builder latencyIntervals(int n) { this.latencyIntervals = n; return this; }
    public Builder latencyMinimum(Duration d) { this.latencyMinimum = d; return this; }

    /** @throws IllegalArgumentException naming the first invalid field */
    public OutlierDetectionPolicy build() { return new OutlierDetectionPolicy(this); }
  }
}
