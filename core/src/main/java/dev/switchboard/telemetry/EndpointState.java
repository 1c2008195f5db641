package dev.switchboard.telemetry;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of one endpoint of a destination, as its client sees it now: for admin pages,
 * gauges and actuator endpoints ({@link DestinationState#endpoints()}). Immutable.
 *
 * @param address {@code host:port}
 * @param zone locality zone, or the empty string
 * @param weight relative weight from discovery
 * @param priority failover level from discovery ({@code Endpoint.priority()}: RFC 2782's DNS SRV
 *     priority, 0 for sources without one); lower is preferred, higher levels take traffic only
 *     when the lower ones have too few healthy endpoints
 * @param healthy false while an active health check fails (true when none is configured)
 * @param ejected true while outlier detection keeps it out of balancing
 * @param ejectedFor how long the ejection still lasts ({@link Duration#ZERO} when not ejected)
 * @param ejectionReason why it was last ejected, or the empty string
 * @param backingOffFor how long a server's pushback ({@code Retry-After}) still keeps traffic away
 * @param latencyEwmaNanos the peak EWMA of its latency now, or -1 before the first answer
 * @param inFlight attempts in flight to it now
 * @param successes attempts that did not fail through its fault, since it was discovered
 * @param failures attempts that failed through its fault (5xx, connect failure, timeout)
 */
public record EndpointState(String address, String zone, int weight, int priority, boolean healthy, boolean ejected,
    Duration ejectedFor, String ejectionReason, Duration backingOffFor, double latencyEwmaNanos, int inFlight,
    long successes, long failures) {
  public EndpointState {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(ejectedFor, "ejectedFor");
    Objects.requireNonNull(ejectionReason, "ejectionReason");
    Objects.requireNonNull(backingOffFor, "backingOffFor");
  }

  /**
   * A snapshot without a priority (0, the most preferred level).
   *
   * @deprecated since 0.1: the endpoint's priority is a component now; use the canonical
   *     constructor. Kept for one release.
   */
  @Deprecated(since = "0.1", forRemoval = true)
  public EndpointState(String address, String zone, int weight, boolean healthy, boolean ejected,
      Duration ejectedFor, String ejectionReason, Duration backingOffFor, double latencyEwmaNanos, int inFlight,
      long successes, long failures) {
    this(address, zone, weight, 0, healthy, ejected, ejectedFor, ejectionReason, backingOffFor, latencyEwmaNanos,
        inFlight, successes, failures);
  }

  /** Successes over all outcomes, or NaN before the first outcome. */
  public double successRate() {
    long total = successes + failures;
    return total == 0 ? Double.NaN : (double) successes / total;
  }

  /** True when balancing may pick it: healthy and not ejected. */
  public boolean available() {
    return healthy && !ejected;
  }
}
