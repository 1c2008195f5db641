package dev.switchboard.micrometer;

import dev.switchboard.endpoint.Endpoint;
import dev.switchboard.errors.ServiceCallException;
import dev.switchboard.micrometer.internal.DestinationGauges;
import dev.switchboard.micrometer.internal.MeterFactory;
import dev.switchboard.micrometer.internal.ServiceMeters;
import dev.switchboard.telemetry.AttemptInfo;
import dev.switchboard.telemetry.AttemptResult;
import dev.switchboard.telemetry.CallInfo;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.TelemetryListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Switchboard's meters on a Micrometer {@link MeterRegistry}: a {@link TelemetryListener} to put
 * in a client's config. One call builds it:
 *
 * <pre>{@code
 * TelemetryListener metrics = MicrometerTelemetry.create(registry);
 * ServiceConfig config = ServiceConfig.builder().name("users").target("dns+srv:_users._tcp.example")
 *     .telemetry(metrics).build();
 * }</pre>
 *
 * Share one instance between clients (meters carry the client's service name); combine it with
 * other listeners through {@link TelemetryListener#composite}.
 *
 * <p><b>What it records</b> (names in {@link MeterNames}; the user guide lists every series):
 * a timer per logical call and per attempt, HTTP and gRPC alike, under OpenTelemetry's
 * semantic-convention names ({@code http.client.request.duration}, {@code rpc.client.duration});
 * counters of retries and hedges; and, for every client built with it, gauges of the live state
 * (retry budget balance and refusals, breaker state and refusals, concurrency limit and refusals,
 * available/ejected/unhealthy endpoints, hedge delay, discovery updates) plus ejections.
 *
 * <p><b>Cardinality is bounded by design.</b> Tags are the service, the protocol, the method
 * (unknown methods become {@code _OTHER}), the path <em>template</em> (a call without one is
 * recorded under {@code _unknown}, never its raw path; past {@link Builder#maxTemplatesPerService}
 * templates, under {@code _other}), the status code, the error kind and the resend count (at most
 * 9). Per-endpoint timers are off unless {@link Builder#perEndpointMeters(int)} turns them on, and
 * capped.
 *
 * <p><b>Cost.</b> Every meter is built the first time its tag combination occurs and then found by
 * index, so a call records without building tags or allocating (see {@code docs/BENCHMARKS.md}).
 *
 * <p><b>Threading:</b> thread-safe and non-blocking (the first use of a tag combination takes a
 * short lock).
 */
public final class MicrometerTelemetry implements TelemetryListener {
  /** The OpenTelemetry semantic conventions' bucket bounds for HTTP/RPC durations, in seconds. */
  public static final List<Duration> DEFAULT_BUCKETS = List.of(ms(5), ms(10), ms(25), ms(50), ms(75), ms(100),
      ms(250), ms(500), ms(750), ms(1000), ms(2500), ms(5000), ms(7500), ms(10_000));

  private final MeterRegistry registry;
  private final MeterFactory factory;
  private final int maxTemplates;
  private final int maxEndpoints;
  private final ConcurrentHashMap<String, ServiceMeters> services = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<DestinationState, DestinationGauges> gauges = new ConcurrentHashMap<>();

  private MicrometerTelemetry(Builder b) {
    this.registry = b.registry;
    this.factory = new MeterFactory(b.registry, b.buckets, b.percentileHistogram);
    this.maxTemplates = b.maxTemplates;
    this.maxEndpoints = b.maxEndpoints;
  }

  /** Meters on {@code registry} with the defaults. */
  public static MicrometerTelemetry create(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** A builder for meters on {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** The registry meters go to. */
  public MeterRegistry registry() {
    return registry;
  }

  private ServiceMeters service(String name) {
    ServiceMeters s = services.get(name);
    return s != null ? s : services.computeIfAbsent(name, n -> new ServiceMeters(factory, n, maxTemplates, maxEndpoints));
  }

  @Override
  public void onCallEnd(CallInfo call, Duration elapsed, ServiceCallException error) {
    service(call.service()).route(call).recordCall(elapsed.toNanos(), error == null ? null : error.kind());
  }

  @Override
  public void onAttemptEnd(AttemptInfo attempt, AttemptResult result) {
    ServiceMeters s = service(attempt.call().service());
    s.route(attempt.call()).recordAttempt(attempt.resendCount(), result);
    s.recordEndpoint(attempt.endpoint().address(), result.success(), result.latencyNanos());
  }

  @Override
  public void onRetry(CallInfo call, int nextAttempt, Duration backoff, ServiceCallException cause) {
    if (cause != null) {
      service(call.service()).route(call).retry(cause.kind());
    }
  }

  @Override
  public void onHedge(CallInfo call, HedgeEvent event, Endpoint endpoint, int attempt) {
    service(call.service()).route(call).hedge(event);
  }

  @Override
  public void onEjection(String service, Endpoint endpoint, String reason, Duration duration) {
    service(service).ejection();
  }

  @Override
  public void onDestinationOpen(DestinationState state) {
    gauges.computeIfAbsent(state, s -> DestinationGauges.register(registry, s));
  }

  @Override
  public void onDestinationClose(DestinationState state) {
    DestinationGauges g = gauges.remove(state);
    if (g != null) {
      g.remove(registry);
    }
  }

  @Override
  public String toString() {
    return "MicrometerTelemetry[" + registry.getClass().getSimpleName() + ", " + services.size() + " services]";
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  /** Options; the defaults suit most services. Not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private List<Duration> buckets = DEFAULT_BUCKETS;
    private boolean percentileHistogram;
    private int maxTemplates = 100;
    private int maxEndpoints;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Histogram bucket bounds of every timer (default {@link #DEFAULT_BUCKETS}, OpenTelemetry's);
     * none for plain count/sum/max timers.
     *
     * @throws IllegalArgumentException for a bound that is not positive
     */
    public Builder buckets(List<Duration> buckets) {
      for (Duration d : Objects.requireNonNull(buckets, "buckets")) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("histogram buckets must be > 0: " + buckets);
        }
      }
      this.buckets = List.copyOf(buckets);
      return this;
    }

    /**
     * Lets the registry publish its own percentile histogram (about 70 buckets per series in
     * Prometheus) instead of {@link #buckets}. Default false.
     */
    public Builder percentileHistogram(boolean on) {
      this.percentileHistogram = on;
      return this;
    }

    /**
     * At most this many templates per service get their own meters; further ones share
     * {@code url.template="_other"}. Default 100.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxTemplatesPerService(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxTemplatesPerService must be >= 1: " + max);
      }
      this.maxTemplates = max;
      return this;
    }

    /**
     * Turns on {@value MeterNames#ENDPOINT_DURATION} (attempts per endpoint address and outcome)
     * for at most {@code maxEndpointsPerService} addresses per service; attempts to further
     * addresses are recorded under {@code _other}. Off (0) by default: endpoint addresses change
     * with every deployment, and each one is a new series.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder perEndpointMeters(int maxEndpointsPerService) {
      if (maxEndpointsPerService < 0) {
        throw new IllegalArgumentException("perEndpointMeters must be >= 0: " + maxEndpointsPerService);
      }
      this.maxEndpoints = maxEndpointsPerService;
      return this;
    }

    public MicrometerTelemetry build() {
      return new MicrometerTelemetry(this);
    }
  }
}
