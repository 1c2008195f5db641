package dev.switchboard.balancer;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.endpoint.EndpointSet;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One destination's {@link EndpointStats}, keyed by address so statistics survive discovery
 * updates that change only weights or metadata. It also holds what every endpoint's statistics
 * share: the ticker and EWMA decay, and the consecutive-failure hook through which outlier
 * detection ejects an endpoint as soon as its streak reaches the threshold.
 *
 * <p>Thread-safe; lookups are lock-free.
 */
public final class EndpointStatsRegistry {
  /** Default peak-EWMA decay: 10 s [Finagle, Linkerd2]. */
  public static final Duration DEFAULT_EWMA_DECAY = Duration.ofSeconds(10);

  private final ConcurrentHashMap<String, EndpointStats> stats = new ConcurrentHashMap<>();
  private final Ticker ticker;
  private final double ewmaDecayNanos;
  private volatile FailureHook failureHook;
  private volatile ConnectivityListener connectivityListener;
  /** A plain EWMA of every endpoint's answered latencies, as double bits; negative before the first. */
  private final java.util.concurrent.atomic.AtomicLong destinationEwmaBits =
      new java.util.concurrent.atomic.AtomicLong(Double.doubleToRawLongBits(-1.0));

  /** A registry on the system ticker with the default EWMA decay. */
  public EndpointStatsRegistry() {
    this(Ticker.system(), DEFAULT_EWMA_DECAY);
  }

  /**
   * A registry whose EWMAs read {@code ticker} and decay with time constant {@code ewmaDecay}.
   *
   * @throws IllegalArgumentException if {@code ewmaDecay} is not positive
   */
  public EndpointStatsRegistry(Ticker ticker, Duration ewmaDecay) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(ewmaDecay, "ewmaDecay");
    if (ewmaDecay.isNegative() || ewmaDecay.isZero()) {
      throw new IllegalArgumentException("ewmaDecay must be > 0: " + ewmaDecay);
    }
    this.ewmaDecayNanos = ewmaDecay.toNanos();
  }

  /** The stats of {@code endpoint}, created on first use. */
  public EndpointStats of(Endpoint endpoint) {
    String address = endpoint.address();
    EndpointStats s = stats.get(address);
    return s != null ? s : stats.computeIfAbsent(address, a -> new EndpointStats(a, this));
  }

  /** Drops statistics of endpoints no longer in {@code current}. */
  public void retain(EndpointSet current) {
    Set<String> keep = new HashSet<>();
    for (Endpoint e : current.endpoints()) {
      keep.add(e.address());
    }
    stats.keySet().retainAll(keep);
  }

  /** Number of endpoints tracked. */
  public int size() {
    return stats.size();
  }

  /** The ticker the EWMAs read. */
  public Ticker ticker() {
    return ticker;
  }

  double ewmaDecayNanos() {
    return ewmaDecayNanos;
  }

  /**
   * Folds an answered attempt's latency into the destination-wide average: weight 1/16 per sample,
   * so it follows the destination within tens of answers. Lossy under contention, never blocking.
   */
  void observeDestinationLatency(double nanos) {
    long bits = destinationEwmaBits.get();
    double prev = Double.longBitsToDouble(bits);
    double next = prev < 0 ? nanos : prev + (nanos - prev) / 16;
    destinationEwmaBits.compareAndSet(bits, Double.doubleToRawLongBits(next));
  }

  /**
   * The latency to assume for an endpoint that has not answered yet: the destination's recent
   * average, or {@code defaultNanos} before any endpoint answered. A fixed default (Linkerd's
   * 30 ms) makes a new endpoint look slower than a fast fleet for ever, so a latency-aware pick
   * never tries it; the average makes it look typical, so it is tried and measured, while one
   * that takes requests and never answers still loses pairs once they pile up in flight.
   */
  public double expectedLatencyNanos(double defaultNanos) {
    double v = Double.longBitsToDouble(destinationEwmaBits.get());
    return v < 0 ? defaultNanos : v;
  }

  /**
   * Registers the one listener called (on the thread that recorded the failure) when an
   * endpoint's consecutive failures reach {@code threshold}. It fires once per streak until the
   * control side calls {@link EndpointStats#rearmFailureSignal()} or
   * {@link EndpointStats#resetConsecutiveFailures()}. The listener runs on a calling thread: it
   * may do brief control-side work (an ejection) but must never block on I/O. A threshold below 1 removes the hook.
   */
  public void onConsecutiveFailures(int threshold, Consumer<EndpointStats> listener) {
    failureHook = threshold < 1 || listener == null ? null : new FailureHook(threshold, listener);
  }

  FailureHook failureHook() {
    return failureHook;
  }

  /** Receives connectivity signals; see {@link #onConnectivity}. */
  @FunctionalInterface
  public interface ConnectivityListener {
    /**
     * An attempt on {@code stats}' endpoint failed at the connection ({@code connectionFailed}:
     * refused, reset, connect timeout) or timed out (the endpoint may be black-holed: worth
     * checking that it still accepts connections). Called on the attempt's thread; must not block.
     */
    void onSuspect(EndpointStats stats, boolean connectionFailed);
  }

  /**
   * Registers the one listener for connectivity signals ({@link EndpointStats.Outcome#CONNECTION_FAILURE}
   * and {@link EndpointStats.Outcome#TIMEOUT}); each endpoint signals once until the control side
   * calls {@link EndpointStats#rearmConnectivitySignal()}. Null removes it.
   */
  public void onConnectivity(ConnectivityListener listener) {
    connectivityListener = listener;
  }

  ConnectivityListener connectivityListener() {
    return connectivityListener;
  }

  record FailureHook(int threshold, Consumer<EndpointStats> listener) {}
}
