package dev.switchboard.balancer;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.telemetry.EndpointState;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live statistics of one endpoint, shared by every picker generation: requests in flight, a peak
 * EWMA of latency, consecutive failures and cumulative outcome counters (outlier detection reads
 * them once per interval and works on the difference, which gives it a per-interval outcome
 * window without any per-request bookkeeping). The pipeline updates them around each attempt;
 * balancers and outlier detection read them.
 *
 * <p><b>Threading:</b> every field is an atomic or volatile, and no method takes a lock, so the
 * hot path stays lock-free. The EWMA is updated with a compare-and-set loop.
 */
public final class EndpointStats {
  /** How one attempt ended, as far as this endpoint's health and load are concerned. */
  public enum Outcome {
    /** The endpoint did its job (an answer, including 4xx). Ends a failure streak. */
    SUCCESS,
    /** Says nothing about the endpoint: cancelled by the caller, or lost a race it was not slow in. */
    NEUTRAL,
    /** The endpoint's fault: a 5xx or equivalent answer. */
    FAILURE,
    /**
     * A local-origin timeout [Envoy]: the attempt timed out, or was cancelled after running far
     * longer than it should (it lost to a hedge sent at least half a hedge delay after it, or
     * was still waiting when the call's deadline passed). A failure, and a reason to check that
     * the endpoint still accepts connections.
     */
    TIMEOUT,
    /** The connection was refused, reset or timed out: a failure, and the endpoint is not connectable. */
    CONNECTION_FAILURE;

    /** True for the outcomes that count against the endpoint. */
    public boolean failed() {
      return this == FAILURE || this == TIMEOUT || this == CONNECTION_FAILURE;
    }
  }

  /** Marks "no latency sample yet" in {@link #ewmaBits}. */
  private static final long NO_SAMPLE = Double.doubleToRawLongBits(-1.0);
  /** A failure's latency penalty never exceeds this: the EWMA decays from it within tens of seconds. */
  private static final double MAX_PENALTY_NANOS = 10e9;

  private final String address;
  private final EndpointStatsRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  // Cumulative counters, written by every attempt and read once per outlier interval or state
  // snapshot: striped, so callers on different cores do not fight over one cache line.
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder totalLatencyNanos = new LongAdder();
  private final LongAdder ended = new LongAdder();
  /** Ticker reading before which this endpoint should not get traffic (server pushback). */
  private final AtomicLong backOffUntilNanos = new AtomicLong(Long.MIN_VALUE);
  /** Peak EWMA of latency in nanoseconds, as double bits. */
  private final AtomicLong ewmaBits = new AtomicLong(NO_SAMPLE);
  /** When {@link #ewmaBits} was last written. A racing writer may leave it a little stale: harmless. */
  private volatile long ewmaStampNanos;
  /** Set when the consecutive-failure signal fired, until the control side re-arms it. */
  private final AtomicBoolean failureSignalled = new AtomicBoolean();
  /** Set when a connectivity signal fired, until the control side re-arms it. */
  private final AtomicBoolean connectivitySignalled = new AtomicBoolean();

  EndpointStats(String address, EndpointStatsRegistry registry) {
    this.address = address;
    this.registry = registry;
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
    onEnd(latencyNanos, serverFault ? Outcome.FAILURE : Outcome.SUCCESS);
  }

  /**
   * Called when an attempt ends. A failure is also a latency penalty (the EWMA at least doubles),
   * so a replica that fails fast does not look fast to a latency-aware balancer. A
   * {@link Outcome#CONNECTION_FAILURE} or {@link Outcome#TIMEOUT} is also handed to the
   * registry's connectivity listener, once until the control side re-arms it.
   *
   * @param latencyNanos time from send to outcome
   */
  public void onEnd(long latencyNanos, Outcome outcome) {
    inFlight.decrementAndGet();
    totalLatencyNanos.add(latencyNanos);
    ended.increment();
    observeLatency(latencyNanos, outcome.failed());
    if (outcome == Outcome.SUCCESS) {
      registry.observeDestinationLatency(Math.max(0, latencyNanos));
    }
    if (outcome.failed()) {
      failures.increment();
      int n = consecutiveFailures.incrementAndGet();
      EndpointStatsRegistry.FailureHook hook = registry.failureHook();
      if (hook != null && n >= hook.threshold() && failureSignalled.compareAndSet(false, true)) {
        hook.listener().accept(this);
      }
      EndpointStatsRegistry.ConnectivityListener connectivity = registry.connectivityListener();
      if (outcome != Outcome.FAILURE && connectivity != null && connectivitySignalled.compareAndSet(false, true)) {
        connectivity.onSuspect(this, outcome == Outcome.CONNECTION_FAILURE);
      }
    } else if (outcome == Outcome.SUCCESS) {
      successes.increment();
      if (consecutiveFailures.get() != 0) { // a read leaves the shared line clean in the usual case
        consecutiveFailures.set(0);
      }
    }
  }

  /**
   * Folds one latency sample into the peak EWMA (Finagle's {@code PeakEwma}): a sample above the
   * current value replaces it at once, so a slowing endpoint is noticed on its first slow answer;
   * a lower sample is blended in with weight {@code 1 - exp(-elapsed / decay)}. A failure counts as
   * at least twice the current value.
   */
  void observeLatency(long latencyNanos) {
    observeLatency(latencyNanos, false);
  }

  private void observeLatency(long latencyNanos, boolean failed) {
    long now = registry.ticker().nanoTime();
    double sample = Math.max(0, latencyNanos);
    for (int i = 0; i < 64; i++) { // bounded: under extreme contention a lost sample is fine
      long bits = ewmaBits.get();
      double prev = Double.longBitsToDouble(bits);
      double rtt = failed && bits != NO_SAMPLE ? Math.max(sample, Math.min(2 * prev, MAX_PENALTY_NANOS)) : sample;
      double next;
      if (bits == NO_SAMPLE || rtt > prev) {
        next = rtt;
      } else {
        double w = Math.exp(-Math.max(0, now - ewmaStampNanos) / registry.ewmaDecayNanos());
        next = prev * w + rtt * (1 - w);
      }
      if (ewmaBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
        ewmaStampNanos = now;
        return;
      }
    }
  }

  /**
   * The peak EWMA of latency at {@code nowNanos}, decayed towards zero for the time since the last
   * sample (so an endpoint that got no traffic for a while is probed again), or
   * {@code defaultNanos} before the first sample.
   */
  public double peakEwmaNanos(long nowNanos, double defaultNanos) {
    long bits = ewmaBits.get();
    if (bits == NO_SAMPLE) {
      return defaultNanos;
    }
    long idle = nowNanos - ewmaStampNanos;
    double v = Double.longBitsToDouble(bits);
    return idle <= 0 ? v : v * Math.exp(-idle / registry.ewmaDecayNanos());
  }

  /** True once at least one latency sample was observed. */
  public boolean hasLatencySample() {
    return ewmaBits.get() != NO_SAMPLE;
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
    return successes.sum();
  }

  /** Server-fault outcomes so far. */
  public long failures() {
    return failures.sum();
  }

  /** Sum of all observed latencies so far, in nanoseconds. */
  public long totalLatencyNanos() {
    return totalLatencyNanos.sum();
  }

  /** Attempts ended so far, whatever their outcome (the count {@link #totalLatencyNanos()} sums over). */
  public long ended() {
    return ended.sum();
  }

  /** Control side: re-arms the connectivity signal (the endpoint is connectable again, or was checked). */
  public void rearmConnectivitySignal() {
    connectivitySignalled.set(false);
  }

  /**
   * Control side: forgets the failure streak and re-arms the consecutive-failure signal, e.g. when
   * an ejected endpoint is readmitted or an ejection was refused.
   */
  public void resetConsecutiveFailures() {
    consecutiveFailures.set(0);
    failureSignalled.set(false);
  }

  /** Control side: re-arms the consecutive-failure signal without forgetting the streak. */
  public void rearmFailureSignal() {
    failureSignalled.set(false);
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

  /**
   * A snapshot of {@code endpoint} with these statistics and the given health, at {@code nowNanos}
   * (a ticker reading).
   *
   * @param ejectedUntilNanos ticker reading when the ejection ends (ignored unless {@code ejected})
   */
  public EndpointState snapshot(Endpoint endpoint, long nowNanos, boolean healthy, boolean ejected,
      long ejectedUntilNanos, String ejectionReason) {
    long until = backOffUntilNanos.get(); // Long.MIN_VALUE until a server pushed back: compare before subtracting
    long backOff = nowNanos < until ? until - nowNanos : 0;
    return new EndpointState(endpoint.address(), endpoint.zone(), endpoint.weight(), endpoint.priority(), healthy, ejected,
        ejected ? Duration.ofNanos(Math.max(0, ejectedUntilNanos - nowNanos)) : Duration.ZERO,
        ejectionReason == null ? "" : ejectionReason, backOff > 0 ? Duration.ofNanos(backOff) : Duration.ZERO,
        hasLatencySample() ? peakEwmaNanos(nowNanos, 0) : -1, inFlight(), successes(), failures());
  }

  @Override
  public String toString() {
    return address + "[inFlight=" + inFlight() + ", consecutiveFailures=" + consecutiveFailures() + "]";
  }
}
