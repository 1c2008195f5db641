package dev.switchboard.context;

import dev.switchboard.internal.Checks;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * How a server integration (the JDK {@code HttpServer} filter, the Servlet filter, the gRPC server
 * interceptor) turns inbound headers into a bound {@link CallContext}. Immutable and thread-safe;
 * build with {@link #builder()}:
 *
 * <pre>{@code
 * InboundOptions options = InboundOptions.builder()
 *     .maxDeadline(Duration.ofSeconds(30))   // never trust a caller for more than 30 s
 *     .telemetry(metrics)                    // counts requests refused as already expired
 *     .build();
 * }</pre>
 */
public final class InboundOptions {
  /** Default upper bound on an inbound deadline: 5 minutes. */
  public static final Duration DEFAULT_MAX_DEADLINE = Duration.ofMinutes(5);

  private static final InboundOptions DEFAULTS = builder().build();

  private final Duration maxDeadline;
  private final TelemetryListener telemetry;
  private final Ticker ticker;

  private InboundOptions(Builder b) {
    this.maxDeadline = Checks.positive("maxDeadline", b.maxDeadline);
    this.telemetry = Objects.requireNonNull(b.telemetry, "telemetry");
    this.ticker = Objects.requireNonNull(b.ticker, "ticker");
  }

  /** The defaults: 5 minute clamp, no telemetry, the system ticker. */
  public static InboundOptions defaults() { return DEFAULTS; }
  public static Builder builder() { return new Builder(); }

  /** A builder initialized with these options. */
  public Builder toBuilder() { return new Builder().maxDeadline(maxDeadline).telemetry(telemetry).ticker(ticker); }

  /**
   * Inbound timeouts larger than this are clamped to it, so a caller cannot make this server hold
   * work (and its downstream calls) open for longer.
   */
  public Duration maxDeadline() { return maxDeadline; }

  /** Told about inbound requests refused because their deadline had already passed. */
  public TelemetryListener telemetry() { return telemetry; }

  /** The ticker inbound deadlines are measured on. */
  public Ticker ticker() { return ticker; }

  @Override
  public String toString() { return "InboundOptions[maxDeadline=" + maxDeadline + "]"; }

  /** Builds {@link InboundOptions}. Not thread-safe. */
  public static final class Builder {
    private Duration maxDeadline = DEFAULT_MAX_DEADLINE;
    private TelemetryListener telemetry = TelemetryListener.NOOP;
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /** Upper bound applied to any inbound timeout; must be positive. */
    public Builder maxDeadline(Duration maxDeadline) {
      this.maxDeadline = Objects.requireNonNull(maxDeadline, "maxDeadline");
      return this;
    }

    public Builder telemetry(TelemetryListener telemetry) {
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
      return this;
    }

    public Builder ticker(Ticker ticker) { this.ticker = Objects.requireNonNull(ticker, "ticker"); return this; }

    /** @throws IllegalArgumentException naming the field when a value is invalid */
    public InboundOptions build() { return new InboundOptions(this); }
  }
}
