package dev.switchboard.pipeline.internal;

import dev.switchboard.pipeline.Endpoints;
import dev.switchboard.policy.CircuitBreaker;
import dev.switchboard.policy.ConcurrencyLimit;
import dev.switchboard.policy.DestinationPolicies;
import dev.switchboard.policy.HedgeDelay;
import dev.switchboard.telemetry.DestinationState;
import dev.switchboard.telemetry.DestinationStates;
import dev.switchboard.telemetry.DiscoveryStatus;
import dev.switchboard.telemetry.EndpointState;
import dev.switchboard.telemetry.TelemetryListener;
import dev.switchboard.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DestinationState} of one pipeline: reads its live policies and its {@link Endpoints}
 * on every call, holds nothing of its own. Thread-safe.
 */
public final class PipelineState implements DestinationState {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineState.class);
  private final String service;
  private final String protocol;
  private final Endpoints endpoints;
  private final DestinationPolicies live;
  private final Ticker ticker;
  private final CircuitBreaker breaker;
  private final ConcurrencyLimit limit;
  private final HedgeDelay hedgeDelay;

  public PipelineState(String service, String protocol, Endpoints endpoints, DestinationPolicies live, Ticker ticker) {
    this.service = service;
    this.protocol = protocol;
    this.endpoints = endpoints;
    this.live = live;
    this.ticker = ticker;
    this.breaker = live.circuitBreaker().orElse(null);
    this.limit = live.concurrencyLimit().orElse(null);
    this.hedgeDelay = live.hedgeDelay().orElse(null);
  }

  @Override
  public String service() {
    return service;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public DiscoveryStatus discovery() {
    return endpoints.discoveryStatus();
  }

  @Override
  public Optional<Duration> sinceLastDiscoveryUpdate() {
    DiscoveryStatus d = endpoints.discoveryStatus();
    return d.updates() == 0 ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(0, ticker.nanoTime() - d.lastUpdateNanos())));
  }

  @Override
  public List<EndpointState> endpoints() {
    return endpoints.endpointStates();
  }

  @Override
  public long retryBudgetBalance() {
    return live.retryBudget().balance();
  }

  @Override
  public long retryBudgetRefusals() {
    return live.retryBudget().refusals();
  }

  @Override
  public Optional<String> circuitBreakerState() {
    return breaker == null ? Optional.empty() : Optional.of(breaker.state().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public long circuitBreakerRejections() {
    return breaker == null ? 0 : breaker.rejections();
  }

  @Override
  public OptionalInt concurrencyLimit() {
    return limit == null ? OptionalInt.empty() : OptionalInt.of(limit.limit());
  }

  @Override
  public int concurrencyInFlight() {
    return limit == null ? 0 : limit.inFlight();
  }

  @Override
  public long concurrencyLimitRejections() {
    return limit == null ? 0 : limit.rejections();
  }

  @Override
  public Optional<Duration> hedgeDelay() {
    return hedgeDelay == null ? Optional.empty() : Optional.of(hedgeDelay.current());
  }

  /**
   * Lists this state in {@link DestinationStates} and announces it to {@code telemetry} until the
   * returned handle is closed (idempotent).
   */
  public DestinationStates.Registration publish(TelemetryListener telemetry) {
    DestinationStates.Registration registration =
        DestinationStates.register(this, () -> safely(() -> telemetry.onDestinationClose(this)));
    safely(() -> telemetry.onDestinationOpen(this));
    return registration;
  }

  private static void safely(Runnable event) {
    try {
      event.run();
    } catch (RuntimeException e) {
      LOG.warn("telemetry listener threw on a destination event; ignored", e);
    }
  }

  @Override
  public String toString() {
    return "DestinationState[" + service + " (" + protocol + "), " + endpoints.discoveryStatus().target() + "]";
  }
}
