package dev.switchboard.balancer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live statistics of one endpoint, shared by every picker generation: requests in flight,
 * consecutive failures and outcome counters. The pipeline updates them around each attempt;
 * balancers and outlier detection read them. All fields are atomics: no locks on the hot path.
 */
public final class EndpointStats {
  private final String address;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong totalLatencyNanos = new AtomicLong();
  /** Ticker reading before which this endpoint should not get traffic (server pushback). */
  private final AtomicLong backOffUntilNanos = new AtomicLong(Long.MIN_VALUE);

  EndpointStats(String address) {
    this.address = address;
  }

  /** The endpoint's {@code host:port}. */
  public String address() {
    return address;
  }

  /** Called when an attempt is sent. */
  public void onStart() {
    inFlight.incrementAndGet();
  }

  /**
   * Called when an attempt ends.
   *
   * @param latencyNanos time from send to outcome
   * @param serverFault true when the outcome counts against the endpoint (5xx, connect failure,
   *     timeout); client errors and cancellations count as success for health
   */
  public void onEnd(long latencyNanos, boolean serverFault) {
    inFlight.decrementAndGet();
    totalLatencyNanos.addAndGet(latencyNanos);
    if (serverFault) {
      failures.incrementAndGet();
      consecutiveFailures.incrementAndGet();
    } else {
      successes.incrementAndGet();
      consecutiveFailures.set(0);
    }
  }

  /** Attempts currently in flight. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Server-fault outcomes since the last success. */
  public int consecutiveFailures() {
    return consecutiveFailures.get();
  }

  /** Successful (or non-server-fault) outcomes so far. */
  public long successes() {
    return successes.get();
  }

  /** Server-fault outcomes so far. */
  public long failures() {
    return failures.get();
  }

  /**
   * Asks balancers to avoid this endpoint until {@code untilNanos} (a ticker reading), e.g. after
   * {@code Retry-After}. Only ever extends an existing back-off.
   */
  public void backOffUntil(long untilNanos) {
    backOffUntilNanos.accumulateAndGet(untilNanos, Math::max);
  }

  /** True while a server's pushback asks us not to send here. */
  public boolean isBackingOff(long nowNanos) {
    return nowNanos < backOffUntilNanos.get();
  }

  /** The ticker reading until which this endpoint backs off (may be in the past). */
  public long backOffUntilNanos() {
    return backOffUntilNanos.get();
  }

  @Override
  public String toString() {
    return address + "[inFlight=" + inFlight() + ", consecutiveFailures=" + consecutiveFailures() + "]";
  }
}
