package dev.switchboard.policy;

import dev.switchboard.errors.ErrorKind;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.errors.StatusCode;
import dev.switchboard.errors.StatusException;
import dev.switchboard.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * When a call sends extra copies of itself to other endpoints to cut its tail latency ("The Tail
 * at Scale", Dean and Barroso 2013). Immutable and thread-safe; build with {@link #builder()}
 * (defaults in {@link PolicyDefaults}) and change a copy with {@link #toBuilder()}. Transport
 * neutral: the HTTP pipeline runs it, and a gRPC interceptor can run it with the same live state
 * ({@link HedgeDelay}, {@link RetryBudget}).
 *
 * <ul>
 *   <li><b>Attempts:</b> {@code maxAttempts} counts the first attempt, 1..5 (1 turns hedging off).
 *   <li><b>Delay:</b> {@linkplain Builder#fixedDelay fixed}, or {@linkplain Builder#adaptiveDelay
 *       adaptive}: a percentile (default p95) of the destination's attempt latencies over a
 *       sliding {@code window}, clamped to {@code [minDelay, maxDelay]}; {@code maxDelay} is used
 *       until the window holds {@code minSamples} latencies.
 *   <li><b>Non-fatal outcomes</b> ({@link #isNonFatal}) send the next hedge at once instead of
 *       waiting. They are judged in transport-neutral terms: error kinds (default
 *       {@code CONNECT_FAILED}) and status codes ({@link StatusCode}, default
 *       {@code UNAVAILABLE}, which HTTP 502, 503, 504 and gRPC {@code UNAVAILABLE} all map to).
 *   <li><b>Which calls:</b> idempotent ones only ({@link #appliesTo}). {@code methods} may hold
 *       only idempotent HTTP methods (default GET, HEAD, OPTIONS, PUT, DELETE); POST or PATCH
 *       there fails in {@code build()}. {@code keyedMethods("POST")} is the explicit opt-in: such
 *       calls are hedged only when they carry an {@code Idempotency-Key} header or are marked
 *       {@code idempotent()}, and an unkeyed POST is then sent once, as the opt-in says.
 * </ul>
 *
 * <p>Every hedge pays one token from the destination's {@link RetryBudget}, the one retries use;
 * when it is spent, hedging stops and the call waits on the attempts it has. How hedges and
 * retries combine is described in {@code docs/USER_GUIDE.md} ("Hedging").
 *
 * <pre>{@code
 * HedgingPolicy p = HedgingPolicy.builder()
 *     .maxAttempts(2)
 *     .adaptiveDelay(95.0)                                      // or .fixedDelay(ofMillis(10))
 *     .minDelay(Duration.ofMillis(1)).maxDelay(Duration.ofSeconds(1))
 *     .keyedMethods("POST")                                     // POSTs with an Idempotency-Key
 *     .build();
 * }</pre>
 */
public final class HedgingPolicy {
  /**
   * The gRPC status code value of {@code UNAVAILABLE}.
   *
   * @deprecated name the neutral code instead: {@code nonFatalOnCode(StatusCode.UNAVAILABLE)}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public static final int GRPC_UNAVAILABLE = 14;

  private static final Set<String> IDEMPOTENT_METHODS =
      Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");
  private static final HedgingPolicy DISABLED = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration fixedDelay;
  private final double percentile;
  private final Duration minDelay;
  private final Duration maxDelay;
  private final Duration window;
  private final int minSamples;
  private final Set<ErrorKind> nonFatalKinds;
  private final Set<StatusCode> nonFatalCodes;
  private final Predicate<ServiceCallException> nonFatalIf;
  private final Set<String> methods;
  private final Set<String> keyedMethods;

  private HedgingPolicy(Builder b) {
    this.maxAttempts = Checks.attempts("maxAttempts", b.maxAttempts, PolicyDefaults.MAX_ATTEMPTS_CAP);
    this.fixedDelay = b.fixedDelay == null ? null : Checks.positive("fixedDelay", b.fixedDelay);
    if (!(b.percentile > 0.0 && b.percentile < 100.0)) {
      throw new IllegalArgumentException("percentile must be in (0, 100): " + b.percentile);
    }
    this.percentile = b.percentile;
    this.minDelay = Checks.positive("minDelay", b.minDelay);
    this.maxDelay = Checks.positive("maxDelay", b.maxDelay);
    if (maxDelay.compareTo(minDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be >= minDelay: " + maxDelay + " < " + minDelay);
    }
    this.window = Checks.between("window", b.window, Duration.ofSeconds(1), Duration.ofMinutes(5), "1 s..5 min");
    this.minSamples = Checks.atLeast("minSamples", b.minSamples, 1);
    this.nonFatalKinds = b.nonFatalKinds.isEmpty() ? Set.of() : Set.copyOf(b.nonFatalKinds);
    EnumSet<StatusCode> codes = EnumSet.noneOf(StatusCode.class);
    codes.addAll(b.nonFatalCodes);
    for (int s : b.legacyStatuses) { // the deprecated nonFatalOnStatus: HTTP statuses or gRPC code values
      if (!(s >= 0 && s <= 16) && !(s >= 100 && s <= 599)) {
        throw new IllegalArgumentException(
            "nonFatalStatuses must hold HTTP statuses 100..599 or gRPC codes 0..16: " + s);
      }
      if (s >= 400) {
        codes.add(StatusCode.ofHttp(s));
      } else if (s > 0 && s < 100) {
        codes.add(StatusCode.ofGrpc(s));
      }
    }
    this.nonFatalCodes = codes.isEmpty() ? Set.of() : Set.copyOf(codes);
    this.nonFatalIf = b.nonFatalIf;
    for (String m : b.methods) {
      if (!IDEMPOTENT_METHODS.contains(m)) {
        throw new IllegalArgumentException("methods: " + m + " is not idempotent, so hedging it could"
            + " apply it twice; use keyedMethods(\"" + m + "\") to hedge only " + m
            + " calls that carry an Idempotency-Key header or are marked idempotent");
      }
    }
    this.methods = Set.copyOf(b.methods);
    this.keyedMethods = Set.copyOf(b.keyedMethods);
  }

  /** No hedging (one attempt). */
  public static HedgingPolicy disabled() { return DISABLED; }

  /** Two attempts, the second after a fixed {@code delay}; other settings default. */
  public static HedgingPolicy fixed(Duration delay) { return builder().fixedDelay(delay).build(); }

  /** Two attempts, the second after the destination's p{@code percentile} latency. */
  public static HedgingPolicy adaptive(double percentile) { return builder().adaptiveDelay(percentile).build(); }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.fixedDelay = fixedDelay;
    b.percentile = percentile;
    b.minDelay = minDelay;
    b.maxDelay = maxDelay;
    b.window = window;
    b.minSamples = minSamples;
    b.nonFatalKinds = nonFatalKinds.isEmpty() ? EnumSet.noneOf(ErrorKind.class) : EnumSet.copyOf(nonFatalKinds);
    b.nonFatalCodes = nonFatalCodes.isEmpty() ? EnumSet.noneOf(StatusCode.class) : EnumSet.copyOf(nonFatalCodes);
    b.nonFatalIf = nonFatalIf;
    b.methods = new TreeSet<>(methods);
    b.keyedMethods = new TreeSet<>(keyedMethods);
    return b;
  }

  /** True when calls may be hedged at all ({@code maxAttempts > 1}). */
  public boolean enabled() { return maxAttempts > 1; }

  /** Attempts per call including the first: 1..5. */
  public int maxAttempts() { return maxAttempts; }

  /** True when the delay is fixed; false when it follows the latency percentile. */
  public boolean isFixed() { return fixedDelay != null; }

  /** The fixed delay, or null when adaptive. */
  public Duration fixedDelay() { return fixedDelay; }

  /** The latency percentile an adaptive delay follows, in (0, 100). */
  public double percentile() { return percentile; }

  /** The floor of an adaptive delay. */
  public Duration minDelay() { return minDelay; }

  /** The ceiling of an adaptive delay, also used until {@link #minSamples()} latencies are known. */
  public Duration maxDelay() { return maxDelay; }

  /** How far back latencies count for the adaptive delay. */
  public Duration window() { return window; }

  /** Latencies the window must hold before the percentile is trusted. */
  public int minSamples() { return minSamples; }

  /** HTTP methods hedged whenever hedging is on. */
  public Set<String> methods() { return methods; }

  /** Methods hedged only for calls with an Idempotency-Key or marked idempotent. */
  public Set<String> keyedMethods() { return keyedMethods; }

  /** Error kinds that send the next hedge at once. */
  public Set<ErrorKind> nonFatalKinds() { return nonFatalKinds; }

  /** Status codes that send the next hedge at once. */
  public Set<StatusCode> nonFatalCodes() { return nonFatalCodes; }

  /**
   * True when a call of {@code method} may be hedged: hedging is on, the call is idempotent, and
   * its method is in {@link #methods()} or {@link #keyedMethods()}. For a keyed method (POST,
   * PATCH) {@code idempotent} means exactly "carries an {@code Idempotency-Key} or was marked
   * idempotent" (GET is idempotent by itself).
   *
   * @param idempotent whether the call is safe to send twice: its method or key says so, or the
   *     caller marked it
   */
  public boolean appliesTo(String method, boolean idempotent) {
    return maxAttempts >= 2 && idempotent && (methods.contains(method) || keyedMethods.contains(method));
  }

  /**
   * True when {@code failure} should send the next hedge at once: another endpoint may well
   * answer (the connection failed, or the server said it is unavailable). A negative server
   * pushback ({@code x-retry-pushback-ms: -1}) is never non-fatal: extra attempts are unwelcome.
   */
  public boolean isNonFatal(ServiceCallException failure) {
    if (failure instanceof StatusException s && s.doNotRetry()) {
      return false;
    }
    if (nonFatalKinds.contains(failure.kind())) {
      return true;
    }
    if (failure instanceof StatusException s && nonFatalCodes.contains(s.code())) {
      return true;
    }
    return nonFatalIf != null && nonFatalIf.test(failure);
  }

  @Override
  public String toString() {
    if (!enabled()) {
      return "HedgingPolicy[disabled]";
    }
    return "HedgingPolicy[maxAttempts=" + maxAttempts + ", delay="
        + (fixedDelay != null ? fixedDelay.toMillis() + "ms"
            : "p" + percentile + " in [" + minDelay.toMillis() + "ms, " + maxDelay.toMillis() + "ms] over "
                + window.toSeconds() + "s")
        + ", nonFatal=" + nonFatalKinds + " " + nonFatalCodes
        + ", methods=" + new TreeSet<>(methods)
        + (keyedMethods.isEmpty() ? "" : ", keyedMethods=" + new TreeSet<>(keyedMethods)) + "]";
  }

  private static TreeSet<String> upper(String... methods) {
    TreeSet<String> out = new TreeSet<>();
    for (String m : methods) {
      out.add(Objects.requireNonNull(m, "method").toUpperCase(Locale.ROOT));
    }
    return out;
  }

  /** Builds {@link HedgingPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = PolicyDefaults.HEDGE_MAX_ATTEMPTS;
    private Duration fixedDelay;
    private double percentile = PolicyDefaults.HEDGE_PERCENTILE;
    private Duration minDelay = PolicyDefaults.HEDGE_MIN_DELAY;
    private Duration maxDelay = PolicyDefaults.HEDGE_MAX_DELAY;
    private Duration window = PolicyDefaults.HEDGE_WINDOW;
    private int minSamples = PolicyDefaults.HEDGE_MIN_SAMPLES;
    private EnumSet<ErrorKind> nonFatalKinds = EnumSet.of(ErrorKind.CONNECT_FAILED);
    private EnumSet<StatusCode> nonFatalCodes = EnumSet.of(StatusCode.UNAVAILABLE);
    private int[] legacyStatuses = new int[0];
    private Predicate<ServiceCallException> nonFatalIf;
    private TreeSet<String> methods = upper("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
    private TreeSet<String> keyedMethods = new TreeSet<>();

    private Builder() {}

    /** Attempts per call including the first, 1..5; 1 turns hedging off. */
    public Builder maxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; return this; }

    /** A fixed delay (> 0) before each hedge; replaces an adaptive delay. */
    public Builder fixedDelay(Duration delay) {
      this.fixedDelay = Objects.requireNonNull(delay, "fixedDelay");
      return this;
    }

    /** An adaptive delay: this latency percentile, in (0, 100); replaces a fixed delay. */
    public Builder adaptiveDelay(double percentile) {
      this.percentile = percentile;
      this.fixedDelay = null;
      return this;
    }

    /** The floor of an adaptive delay (> 0). */
    public Builder minDelay(Duration minDelay) {
      this.minDelay = Objects.requireNonNull(minDelay, "minDelay");
      return this;
    }

    /** The ceiling of an adaptive delay (>= minDelay), also used while too few latencies are known. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /** How far back latencies count, 1 s..5 min. */
    public Builder window(Duration window) { this.window = Objects.requireNonNull(window, "window"); return this; }

    /** Latencies needed in the window before the percentile replaces {@code maxDelay}. */
    public Builder minSamples(int minSamples) { this.minSamples = minSamples; return this; }

    /** Replaces the error kinds that send the next hedge at once. */
    public Builder nonFatalOn(ErrorKind... kinds) {
      this.nonFatalKinds = kinds.length == 0 ? EnumSet.noneOf(ErrorKind.class) : EnumSet.copyOf(Arrays.asList(kinds));
      return this;
    }

    /** Replaces the status codes that send the next hedge at once (default {@code UNAVAILABLE}). */
    public Builder nonFatalOnCode(StatusCode... codes) {
      this.nonFatalCodes = codes.length == 0 ? EnumSet.noneOf(StatusCode.class) : EnumSet.copyOf(Arrays.asList(codes));
      this.legacyStatuses = new int[0];
      return this;
    }

    /**
     * Replaces the non-fatal statuses, given as HTTP statuses (100..599) or gRPC code values
     * (0..16); each is read as its {@link StatusCode} ({@link StatusCode#ofHttp},
     * {@link StatusCode#ofGrpc}), so 502, 503 and 504 each stand for {@code UNAVAILABLE}.
     *
     * @deprecated mixes two transports' numbers in one set; use {@link #nonFatalOnCode}
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Builder nonFatalOnStatus(int... statuses) {
      this.nonFatalCodes = EnumSet.noneOf(StatusCode.class);
      this.legacyStatuses = statuses.clone();
      return this;
    }

    /** A custom condition that makes a failure non-fatal, in addition to kinds and codes. */
    public Builder nonFatalIf(Predicate<ServiceCallException> predicate) { this.nonFatalIf = predicate; return this; }

    /** Replaces the hedged methods; each must be idempotent (POST and PATCH fail in build()). */
    public Builder methods(String... methods) { this.methods = upper(methods); return this; }

    /**
     * Methods hedged only when the call carries an {@code Idempotency-Key} header or is marked
     * idempotent, e.g. {@code keyedMethods("POST")}; other calls of these methods are sent once.
     */
    public Builder keyedMethods(String... methods) { this.keyedMethods = upper(methods); return this; }
    public HedgingPolicy build() { return new HedgingPolicy(this); }
  }
}
